/**
 * Render a received value for an error message: short, unambiguous, never throws.
 */
export function show(value: unknown): string {
  if (typeof value === 'string') return truncate(JSON.stringify(value));
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (Array.isArray(value) && value.length > 20) return `array(${value.length})`;
  if (typeof value === 'object') {
    try {
      return truncate(JSON.stringify(value));
    } catch {
      return 'object';
    }
  }
  return typeof value;
}

function truncate(s: string, max = 80): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}
