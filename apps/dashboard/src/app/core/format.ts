/**
 * Dates and durations for people, in the UI language: the one place the dashboard turns an
 * instant into words, so every page writes a date the same way (en "3 Dec 2026, 14:05",
 * ko "2026. 12. 3. 14:05"), in the browser's time zone.
 */

const korean = (locale: string) => locale.toLowerCase().startsWith('ko');

const DATE_TIME: Intl.DateTimeFormatOptions = { year: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const OPTIONS = {
  dateTime: (ko: boolean): Intl.DateTimeFormatOptions => ({ ...DATE_TIME, month: ko ? 'numeric' : 'short' }),
  /** A day on a chart axis: "27 Nov" / "11. 27.". */
  day: (ko: boolean): Intl.DateTimeFormatOptions => ({ day: 'numeric', month: ko ? 'numeric' : 'short' }),
  /** An hour on a chart axis: "14:00". */
  time: (): Intl.DateTimeFormatOptions => ({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
};

/** The browser's time zone, or UTC for figures the service groups by UTC day. */
export type ZoneChoice = 'local' | 'UTC';

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: keyof typeof OPTIONS, locale: string, zone: ZoneChoice): Intl.DateTimeFormat {
  const key = `${kind}|${locale}|${zone}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { ...OPTIONS[kind](korean(locale)), ...(zone === 'UTC' ? { timeZone: 'UTC' } : {}) });
    formatters.set(key, found);
  }
  return found;
}

function format(kind: keyof typeof OPTIONS, iso: string | null | undefined, locale: string, zone: ZoneChoice = 'local'): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(kind, locale, zone).format(date);
}

/** "3 Dec 2026, 14:05" / "2026. 12. 3. 14:05". */
export function formatDateTime(iso: string | null | undefined, locale: string): string {
  return format('dateTime', iso, locale);
}

/** "27 Nov" / "11. 27.": a day where the year goes without saying (chart axes). */
export function formatDay(iso: string | null | undefined, locale: string, zone: ZoneChoice = 'local'): string {
  return format('day', iso, locale, zone);
}

/** "14:05": a time of day (chart axes). */
export function formatTime(iso: string | null | undefined, locale: string): string {
  return format('time', iso, locale);
}

/** "5 min ago" / "5분 전"; "in 2 hr" / "2시간 후". */
export function formatRelative(iso: string | null | undefined, locale: string, now: number = Date.now()): string {
  if (!iso) return '—';
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (!Number.isFinite(seconds)) return iso;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, 'second');
  if (abs < 3_600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return format.format(Math.round(seconds / 3_600), 'hour');
  return format.format(Math.round(seconds / 86_400), 'day');
}

/** 5400 → "1h 30m" / "1시간 30분". */
export function formatDuration(seconds: number | null | undefined, lang: 'en' | 'ko'): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const units = lang === 'ko' ? { d: '일', h: '시간', m: '분', s: '초' } : { d: 'd', h: 'h', m: 'm', s: 's' };
  const total = Math.round(seconds);
  if (total < 60) return `${total}${units.s}`;
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3_600);
  const minutes = Math.floor((total % 3_600) / 60);
  const parts: string[] = [];
  if (days) parts.push(`${days}${units.d}`);
  if (hours) parts.push(`${hours}${units.h}`);
  if (minutes && !days) parts.push(`${minutes}${units.m}`);
  return parts.join(' ');
}

/** ISO instant → value for <input type="datetime-local"> in the browser's time zone. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** <input type="datetime-local"> value (browser time zone) → ISO instant in UTC, or null when empty. */
export function fromLocalInput(value: string | null | undefined): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
