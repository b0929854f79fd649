/**
 * RFC 3339 time of a millisecond timestamp, without fractions: `2026-11-23T16:44:03` + suffix.
 * Formatting dates is slow and presenters show the same few instants again and again, so the
 * strings are remembered (bounded).
 */
const formatted = new Map<number, string>();
const limit = 50_000;

export function isoSeconds(ms: number): string {
  const second = Math.floor(ms / 1000);
  let text = formatted.get(second);
  if (text === undefined) {
    text = new Date(second * 1000).toISOString().slice(0, 19);
    if (formatted.size >= limit) formatted.clear();
    formatted.set(second, text);
  }
  return text;
}
