import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile } from './student-t';
import { relativeError } from './testing/relative-error';

describe('studentTQuantile', () => {
  // [p, df, t.ppf(p, df)]
  const quantiles: [number, number, number][] = [
    [0.5, 1, 0.0], // scipy: t.ppf(0.5, 1)
    [0.9, 1, 3.0776835371752544], // scipy: t.ppf(0.9, 1)
    [0.95, 1, 6.313751514675037], // scipy: t.ppf(0.95, 1)
    [0.975, 1, 12.706204736174694], // scipy: t.ppf(0.975, 1)
    [0.995, 1, 63.656741162871526], // scipy: t.ppf(0.995, 1)
    [0.025, 1, -12.706204736174705], // scipy: t.ppf(0.025, 1)
    [0.5, 2, 0.0], // scipy: t.ppf(0.5, 2)
    [0.9, 2, 1.8856180831641272], // scipy: t.ppf(0.9, 2)
    [0.95, 2, 2.9199855803537242], // scipy: t.ppf(0.95, 2)
    [0.975, 2, 4.302652729749462], // scipy: t.ppf(0.975, 2)
    [0.995, 2, 9.924843200918287], // scipy: t.ppf(0.995, 2)
    [0.025, 2, -4.302652729749464], // scipy: t.ppf(0.025, 2)
    [0.5, 3, 0.0], // scipy: t.ppf(0.5, 3)
    [0.9, 3, 1.637744353696209], // scipy: t.ppf(0.9, 3)
    [0.95, 3, 2.3533634348018233], // scipy: t.ppf(0.95, 3)
    [0.975, 3, 3.1824463052837078], // scipy: t.ppf(0.975, 3)
    [0.995, 3, 5.840909309733355], // scipy: t.ppf(0.995, 3)
    [0.025, 3, -3.1824463052837086], // scipy: t.ppf(0.025, 3)
    [0.5, 4.5, 0.0], // scipy: t.ppf(0.5, 4.5)
    [0.9, 4.5, 1.5008853175085577], // scipy: t.ppf(0.9, 4.5)
    [0.95, 4.5, 2.065575888878524], // scipy: t.ppf(0.95, 4.5)
    [0.975, 4.5, 2.6589123472044034], // scipy: t.ppf(0.975, 4.5)
    [0.995, 4.5, 4.272823993011293], // scipy: t.ppf(0.995, 4.5)
    [0.025, 4.5, -2.658912347204404], // scipy: t.ppf(0.025, 4.5)
    [0.5, 10, 0.0], // scipy: t.ppf(0.5, 10)
    [0.9, 10, 1.372183641110336], // scipy: t.ppf(0.9, 10)
    [0.95, 10, 1.8124611228116756], // scipy: t.ppf(0.95, 10)
    [0.975, 10, 2.228138851986274], // scipy: t.ppf(0.975, 10)
    [0.995, 10, 3.16927267261695], // scipy: t.ppf(0.995, 10)
    [0.025, 10, -2.2281388519862753], // scipy: t.ppf(0.025, 10)
    [0.5, 30, 0.0], // scipy: t.ppf(0.5, 30)
    [0.9, 30, 1.3104150253913955], // scipy: t.ppf(0.9, 30)
    [0.95, 30, 1.697260886593957], // scipy: t.ppf(0.95, 30)
    [0.975, 30, 2.0422724563012378], // scipy: t.ppf(0.975, 30)
    [0.995, 30, 2.7499956535672254], // scipy: t.ppf(0.995, 30)
    [0.025, 30, -2.042272456301238], // scipy: t.ppf(0.025, 30)
    [0.5, 1000, 0.0], // scipy: t.ppf(0.5, 1000)
    [0.9, 1000, 1.2823987214609247], // scipy: t.ppf(0.9, 1000)
    [0.95, 1000, 1.6463788172854643], // scipy: t.ppf(0.95, 1000)
    [0.975, 1000, 1.9623390808264083], // scipy: t.ppf(0.975, 1000)
    [0.995, 1000, 2.580754698065951], // scipy: t.ppf(0.995, 1000)
    [0.025, 1000, -1.9623390808264085], // scipy: t.ppf(0.025, 1000)
  ];

  it('matches scipy t.ppf to 1e-12 relative (p = 0.5 exactly 0)', () => {
    for (const [p, df, want] of quantiles) {
      expect(relativeError(studentTQuantile(p, df), want), `t.ppf(${p}, ${df})`).toBeLessThan(1e-12);
    }
  });

  it('matches the closed forms for df = 1 and 2, far into the tails', () => {
    // df = 1: tan(π (p − ½)) = −1 / tan(π p) (the latter keeps its precision for tiny p); df = 2: (2p − 1) / √(2p (1 − p))
    for (const p of [1e-12, 1e-6, 0.001, 0.3, 0.7, 0.999]) {
      expect(relativeError(studentTQuantile(p, 1), -1 / Math.tan(Math.PI * p)), `df 1, p ${p}`).toBeLessThan(1e-9);
      expect(relativeError(studentTQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p))), `df 2, p ${p}`).toBeLessThan(1e-9);
    }
  });

  it('inverts the CDF: cdf(quantile(p)) = p and quantile(cdf(x)) = x, also for fractional and tiny df', () => {
    for (const df of [0.3, 1, 2.616216216216218, 4.5, 17.9, 1000, 1e5]) {
      for (const p of [1e-9, 0.01, 0.2, 0.45, 0.55, 0.8, 0.99]) {
        expect(relativeError(studentTCdf(studentTQuantile(p, df), df), p), `cdf(quantile(${p}, ${df}))`).toBeLessThan(1e-12);
      }
      // positive x only while 1 − cdf(x) keeps its digits (cdf(8, 1000) = 1 − 1e-15 cannot be inverted)
      for (const x of [-30, -8, -2.5, -0.4, 0.001, 0.7, 1.3]) {
        expect(relativeError(studentTQuantile(studentTCdf(x, df), df), x), `quantile(cdf(${x}, ${df}))`).toBeLessThan(1e-9);
      }
    }
  });

  it('throws RangeErrors naming p and df', () => {
    for (const p of [0, 1, -0.1, 1.5, Number.NaN]) {
      expect(() => studentTQuantile(p, 3)).toThrow(`expected p in (0, 1) in studentTQuantile(), got ${p}`);
    }
    for (const df of [0, -2, Infinity, Number.NaN]) {
      expect(() => studentTQuantile(0.9, df)).toThrow(`expected a finite df > 0 in studentTQuantile(), got ${df}`);
    }
  });
});

describe('studentTCdf', () => {
  // [t, df, t.cdf(t, df)]
  const cdfs: [number, number, number][] = [
    [-3.2, 1, 0.09641124797922958], // scipy: t.cdf(-3.2, 1)
    [-1, 1, 0.25000000000000006], // scipy: t.cdf(-1, 1)
    [0.3, 2, 0.6037571695799112], // scipy: t.cdf(0.3, 2)
    [2.0, 4.5, 0.9458710464094375], // scipy: t.cdf(2.0, 4.5)
    [-2.5, 4.5, 0.029952843251100272], // scipy: t.cdf(-2.5, 4.5)
    [1.7, 7.25, 0.9342752907165217], // scipy: t.cdf(1.7, 7.25)
    [-0.1, 30, 0.4605048058951356], // scipy: t.cdf(-0.1, 30)
    [4, 1000, 0.9999659950403956], // scipy: t.cdf(4, 1000)
    [-40, 3, 1.7190340394579253e-5], // scipy: t.cdf(-40, 3)
    [1e-6, 3, 0.500000367552597], // scipy: t.cdf(1e-06, 3)
    [-1e-6, 3, 0.49999963244740303], // scipy: t.cdf(-1e-06, 3)
    [12, 0.7, 0.9454706425080339], // scipy: t.cdf(12, 0.7)
    [-6, 2.616216216216218, 0.006771910548256793], // scipy: t.cdf(-6, 2.616216216216218)
    [0, 5, 0.5], // scipy: t.cdf(0, 5)
  ];

  it('matches scipy t.cdf to 1e-13 relative, incl. negative t, fractional df and t near 0', () => {
    for (const [t, df, want] of cdfs) {
      expect(relativeError(studentTCdf(t, df), want), `t.cdf(${t}, ${df})`).toBeLessThan(1e-13);
    }
  });

  it('is symmetric, monotone and reaches 0 and 1 at ±Infinity', () => {
    for (const t of [0.2, 1.5, 7]) expect(studentTCdf(-t, 3.5) + studentTCdf(t, 3.5)).toBeCloseTo(1, 15);
    let prev = 0;
    for (let t = -20; t <= 20; t += 0.5) {
      const c = studentTCdf(t, 2.2);
      expect(c).toBeGreaterThan(prev);
      prev = c;
    }
    expect(studentTCdf(-Infinity, 4)).toBe(0);
    expect(studentTCdf(Infinity, 4)).toBe(1);
  });

  it('throws RangeErrors naming t and df', () => {
    expect(() => studentTCdf(Number.NaN, 3)).toThrow('expected a number t in studentTCdf(), got NaN');
    expect(() => studentTCdf(1, 0)).toThrow('expected a finite df > 0 in studentTCdf(), got 0');
    expect(() => studentTCdf(1, Number.NaN)).toThrow(RangeError);
  });
});
