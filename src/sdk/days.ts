/**
 * The calendar day (`YYYY-MM-DD`) a UTC instant falls on at a fixed offset such as `+08:00` or `-05:00` — the
 * channel's own day for an order's `placedAt` with its `originalOffset`. Without a usable offset, the UTC day.
 */
export function localDay(utc: string, offset: string | undefined): string {
  const m = offset ? /^([+-])(\d{2}):(\d{2})$/.exec(offset) : null;
  const shiftMs = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
  return new Date(Date.parse(utc) + shiftMs).toISOString().slice(0, 10);
}

/** Adds whole days (negative to go back) to a `YYYY-MM-DD` day. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
