/**
 * Chart values to 4 significant digits before they are sent to the browser: a chart cannot show
 * more, and a compare page of 100 runs ships about half the bytes (JSON of a float64 is ~18 characters).
 */
export function chartValues(values: readonly number[]): number[] {
  return values.map((v) => (Number.isFinite(v) && v !== 0 ? Number(v.toPrecision(4)) : v));
}
