/**
 * Distances between a result and what it is checked against, for tests (not exported from the lib).
 * A length mismatch or a NaN is an infinite distance, so it can never pass a tolerance.
 */

type Values = ArrayLike<number>;

/** max |a_i − b_i| */
export function maxAbsDiff(a: Values, b: Values): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= m)) m = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
  }
  return m;
}

/** max |a_i| */
export function maxAbs(a: Values): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** max |got − want| / max(max |want|, 1e-3): relative to the tensor's scale (for gradients). */
export function relativeError(got: Values, want: Values): number {
  return maxAbsDiff(got, want) / Math.max(maxAbs(want), 1e-3);
}

/** max |got − want|, relative to the magnitude only where it exceeds 1 (ReLU states can grow large). */
export function scaledAbsError(got: Values, want: Values): number {
  return maxAbsDiff(got, want) / Math.max(1, maxAbs(want));
}

/** Same type, same length and the same bytes (so NaNs and signed zeros count too). */
export function sameBits(a: Float32Array | Float64Array, b: Float32Array | Float64Array): boolean {
  if (a.constructor !== b.constructor || a.length !== b.length) return false;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** The names of the arrays that differ bitwise between two sets of named results (or exist in only one). */
export function differingBits(a: Record<string, Float32Array | Float64Array>, b: Record<string, Float32Array | Float64Array>): string[] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return names.filter((k) => !(k in a && k in b && sameBits(a[k], b[k])));
}
