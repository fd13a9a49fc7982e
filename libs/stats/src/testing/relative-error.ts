/** |got − want| / |want|, or |got − want| when want is 0: the distance specs compare against a tolerance. */
export function relativeError(got: number, want: number): number {
  return want === 0 ? Math.abs(got - want) : Math.abs(got - want) / Math.abs(want);
}
