/**
 * The float64 reference's hand-written BPTT against central finite differences of its own forward,
 * for every cell, with and without a mask (one step of which is fractional). In float64 a step of
 * 1e-6 leaves both the truncation (~ε²) and the rounding (~1e-16 / ε) error near 1e-10.
 */
import { describe, expect, it } from 'vitest';
import { makeProblem } from './kernel-problem';
import { CELLS, referenceBackward, referenceForward, type ReferenceInputs } from './reference-bptt';
import { maxAbs, relativeError } from './array-compare';

const EPS = 1e-6;

describe('float64 reference BPTT', () => {
  for (const cell of CELLS) {
    for (const masked of [false, true]) {
      it(`${cell}${masked ? ', masked (one step at 0.5)' : ''}: gradients match central finite differences within 1e-6`, () => {
        const p = makeProblem(cell, 3, 3, 3, { masked, fractional: masked, seed: 11 });
        const params = {
          xp: Float64Array.from(p.xp),
          h0: Float64Array.from(p.h0),
          c0: p.c0 && Float64Array.from(p.c0),
          whh: Float64Array.from(p.whh),
          bhh: Float64Array.from(p.bhh),
        };
        const inputs: ReferenceInputs = { ...p, ...params };
        // L = Σ hs ⊙ dhs + Σ c_T ⊙ dcT, whose gradients referenceBackward returns
        const loss = (): number => {
          const f = referenceForward(inputs);
          let L = 0;
          for (let i = 0; i < f.hs.length; i++) L += f.hs[i] * p.dhs[i];
          if (f.cT && p.dcT) for (let i = 0; i < f.cT.length; i++) L += f.cT[i] * p.dcT[i];
          return L;
        };
        const g = referenceBackward(inputs, referenceForward(inputs), p);
        const analytic = { xp: g.dxp, h0: g.dh0, c0: g.dc0, whh: g.dwhh, bhh: g.dbhh };
        for (const name of ['xp', 'h0', 'c0', 'whh', 'bhh'] as const) {
          const v = params[name];
          const a = analytic[name];
          if (!v || !a) {
            expect(cell === 'lstm', `d${name} missing`).toBe(false);
            continue;
          }
          const numeric = new Float64Array(v.length);
          for (let i = 0; i < v.length; i++) {
            const keep = v[i];
            v[i] = keep + EPS;
            const up = loss();
            v[i] = keep - EPS;
            const down = loss();
            v[i] = keep;
            numeric[i] = (up - down) / (2 * EPS);
          }
          expect(maxAbs(numeric), `d${name} is not all zeros`).toBeGreaterThan(1e-2);
          expect(relativeError(a, numeric), `d${name}`).toBeLessThan(1e-6);
        }
      });
    }
  }
});
