/**
 * Optimizers over a model's named variables, with state that can be saved in a checkpoint.
 *
 *   SGD (momentum μ):   v ← μ v + g;            θ ← θ − lr v
 *   Adam (Kingma & Ba):  m ← β1 m + (1−β1) g;    v ← β2 v + (1−β2) g²
 *                        θ ← θ − lr · m̂ / (√v̂ + ε),  m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ)
 *   RMSprop (Hinton):    s ← ρ s + (1−ρ) g²;      θ ← θ − lr g / (√s + ε)   (ρ = 0.99 as in PyTorch's default alpha)
 * Weight decay: L2 added to the gradient for SGD/RMSprop, decoupled (AdamW) for Adam.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerKind, TrainConfig } from '@rnnlab/contracts';

/** A fused Adam kernel an engine may register for the active backend: (p, g, m, v) -> (p', m', v'). */
const ADAM_KERNEL = 'RnnlabAdam';

export interface OptimizerState {
  kind: OptimizerKind;
  t: number;
  /** slot name -> param name -> values */
  slots: Record<string, Record<string, { shape: number[]; data: number[] | Float32Array }>>;
}

export class Optimizer {
  private t = 0;
  private readonly slots = new Map<string, Map<string, tf.Variable>>();

  constructor(
    readonly kind: OptimizerKind,
    private readonly cfg: Pick<TrainConfig, 'momentum' | 'beta1' | 'beta2' | 'eps' | 'weightDecay'>,
  ) {}

  private slot(slot: string, name: string, like: tf.Tensor): tf.Variable {
    let m = this.slots.get(slot);
    if (!m) this.slots.set(slot, (m = new Map()));
    let v = m.get(name);
    if (!v) {
      v = tf.variable(tf.zerosLike(like), false);
      m.set(name, v);
    }
    return v;
  }

  /** Apply one update with learning rate `lr` to every variable that has a gradient. */
  apply(params: Map<string, tf.Variable>, grads: Map<string, tf.Tensor>, lr: number): void {
    this.t += 1;
    const { momentum, beta1, beta2, eps, weightDecay: wd } = this.cfg;
    const t = this.t;
    tf.tidy(() => {
      for (const [name, p] of params) {
        let g = grads.get(name);
        if (!g) continue;
        if (this.kind === 'sgd') {
          if (wd > 0) g = tf.add(g, tf.mul(p, wd));
          if (momentum > 0) {
            const v = this.slot('v', name, p);
            v.assign(tf.add(tf.mul(v, momentum), g));
            g = v;
          }
          p.assign(tf.sub(p, tf.mul(g, lr)));
        } else if (this.kind === 'adam' && tf.getKernel(ADAM_KERNEL, tf.getBackend())) {
          // one fused pass per parameter (registered by the native engine)
          const m = this.slot('m', name, p);
          const v = this.slot('v', name, p);
          const [pn, mn, vn] = tf.engine().runKernel(ADAM_KERNEL, { p, g, m, v }, {
            beta1, beta2, epsHat: eps * Math.sqrt(1 - beta2 ** t), stepSize: (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t), decay: lr * wd,
          }) as tf.Tensor[];
          p.assign(pn);
          m.assign(mn);
          v.assign(vn);
        } else if (this.kind === 'adam') {
          const m = this.slot('m', name, p);
          const v = this.slot('v', name, p);
          m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
          v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
          const stepSize = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
          // ε scaled like PyTorch: m̂/(√v̂ + ε) = m/(√v + ε√(1−β2ᵗ)) · √(1−β2ᵗ)/(1−β1ᵗ)
          const denom = tf.add(tf.sqrt(v), eps * Math.sqrt(1 - beta2 ** t));
          let next = tf.sub(p, tf.mul(tf.div(m, denom), stepSize));
          if (wd > 0) next = tf.sub(next, tf.mul(p, lr * wd));
          p.assign(next);
        } else {
          if (wd > 0) g = tf.add(g, tf.mul(p, wd));
          const rho = 0.99;
          const s = this.slot('s', name, p);
          s.assign(tf.add(tf.mul(s, rho), tf.mul(tf.square(g), 1 - rho)));
          p.assign(tf.sub(p, tf.mul(tf.div(g, tf.add(tf.sqrt(s), eps)), lr)));
        }
      }
    });
  }

  getState(): OptimizerState {
    const slots: OptimizerState['slots'] = {};
    for (const [slot, m] of this.slots) {
      slots[slot] = {};
      for (const [name, v] of m) slots[slot][name] = { shape: v.shape, data: v.dataSync() as Float32Array };
    }
    return { kind: this.kind, t: this.t, slots };
  }

  setState(state: OptimizerState): void {
    if (state.kind !== this.kind) {
      throw new Error(`expected optimizer state for "${this.kind}", got "${state.kind}" in Optimizer.setState()`);
    }
    this.dispose();
    this.t = state.t;
    for (const [slot, entries] of Object.entries(state.slots)) {
      const m = new Map<string, tf.Variable>();
      for (const [name, e] of Object.entries(entries)) {
        m.set(name, tf.variable(tf.tensor(Float32Array.from(e.data), e.shape, 'float32'), false));
      }
      this.slots.set(slot, m);
    }
  }

  get steps(): number {
    return this.t;
  }

  dispose(): void {
    for (const m of this.slots.values()) for (const v of m.values()) v.dispose();
    this.slots.clear();
  }
}
