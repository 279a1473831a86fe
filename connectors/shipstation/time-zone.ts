/**
 * ShipStation V1 reads and writes timestamps without an offset, in the account's local zone (US-Pacific by
 * integrators' reports). These helpers convert explicitly between such wall-clock times and UTC.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the runtime knows `timeZone` as an IANA zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(ms: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts['year'] ?? 1970,
    month: parts['month'] ?? 1,
    day: parts['day'] ?? 1,
    hour: parts['hour'] ?? 0,
    minute: parts['minute'] ?? 0,
    second: parts['second'] ?? 0,
  };
}

/** Offset of `timeZone` from UTC at instant `ms`, in milliseconds (negative west of Greenwich). */
function offsetMs(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `2026-01-05T04:55:59.9690000`: the instant as wall-clock time in `timeZone`, in ShipStation's format. */
export function toZonedNaive(isoUtc: string, timeZone: string): string {
  const ms = Date.parse(isoUtc);
  const w = wallClock(ms, timeZone);
  const millis = ((ms % 1000) + 1000) % 1000;
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}.${pad(millis, 3)}0000`;
}

/** `2026-01-05`: the calendar day of the instant in `timeZone`. */
export function toZonedDate(isoUtc: string, timeZone: string): string {
  const w = wallClock(Date.parse(isoUtc), timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

const NAIVE_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/;

/**
 * Reads a wall-clock time of `timeZone` (`2026-01-05T04:55:59.9690000`) as a UTC ISO instant. Returns
 * undefined for anything else, including strings that already carry an offset (those are not ShipStation V1).
 */
export function zonedNaiveToUtc(naive: string, timeZone: string): string | undefined {
  const m = NAIVE_RE.exec(naive);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac] = m;
  const millis = Number((frac ?? '0').padEnd(3, '0').slice(0, 3));
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), millis);
  // The offset at the wall time read as UTC is right except within hours of a DST change; one correction
  // with the offset at the first guess settles it.
  let guess = wall - offsetMs(wall, timeZone);
  guess = wall - offsetMs(guess, timeZone);
  return new Date(guess).toISOString();
}
