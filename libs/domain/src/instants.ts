/**
 * True for an ISO-8601 instant naming a real calendar day. Date.parse alone rolls
 * 2025-02-30 over into March, which would silently schedule the wrong day.
 */
export function isRealInstant(value: string): boolean {
  if (Number.isNaN(Date.parse(value))) return false;
  const match = /^(\d{4})-(\d{2})-(\d{2})T/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const calendar = new Date(0);
  calendar.setUTCFullYear(year, month - 1, day);
  return calendar.getUTCFullYear() === year && calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day;
}
