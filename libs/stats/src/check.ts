/**
 * Argument checks at the public boundary of the lib. Each message names the argument, the function
 * and the value received, and is built only on failure.
 */

/** Throws unless `xs` is array-like with at least `minLength` entries, all finite numbers. */
export function assertSample(xs: ArrayLike<number>, name: string, fn: string, minLength: number): void {
  if (xs === null || typeof xs !== 'object' || typeof xs.length !== 'number') {
    throw new TypeError(`expected ${name} to be an array of numbers in ${fn}(), got ${String(xs)}`);
  }
  if (xs.length < minLength) {
    throw new RangeError(`expected ${name} to hold at least ${minLength} value${minLength === 1 ? '' : 's'} in ${fn}(), got ${xs.length}`);
  }
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new RangeError(`expected finite numbers in ${name} in ${fn}(), got ${name}[${i}] = ${String(v)}`);
    }
  }
}

/** Throws unless `value` is a finite number. */
export function assertFinite(value: number, name: string, fn: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`expected a finite number ${name} in ${fn}(), got ${String(value)}`);
  }
}

/** Throws unless `value` is a finite number > 0. */
export function assertPositive(value: number, name: string, fn: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || !(value > 0)) {
    throw new RangeError(`expected a finite ${name} > 0 in ${fn}(), got ${String(value)}`);
  }
}

/** Throws unless `value` lies strictly inside (0, 1). */
export function assertOpenUnit(value: number, name: string, fn: string): void {
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    throw new RangeError(`expected ${name} in (0, 1) in ${fn}(), got ${String(value)}`);
  }
}
