/** Copy rows (each `rowSize` long) of a row-major [n, rowSize] array into a new [indices.length, rowSize] array. */
export function gatherRows<A extends Float32Array | Int32Array>(
  src: A,
  rowSize: number,
  indices: readonly number[],
  make: (length: number) => A,
): A {
  const out = make(indices.length * rowSize);
  indices.forEach((i, r) => out.set(src.subarray(i * rowSize, (i + 1) * rowSize), r * rowSize));
  return out;
}
