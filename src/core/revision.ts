const INTEGER_RE = /^\d+$/;

/**
 * Orders two channel revision markers; positive when `a` is newer. Connectors give revisions as strings:
 * integers (version counters) compare numerically, ISO timestamps by instant, anything else as text.
 */
export function compareRevisions(a: string, b: string): number {
  if (INTEGER_RE.test(a) && INTEGER_RE.test(b)) {
    const diff = BigInt(a) - BigInt(b);
    return diff === 0n ? 0 : diff > 0n ? 1 : -1;
  }
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (!Number.isNaN(ta) && !Number.isNaN(tb)) return ta === tb ? 0 : ta > tb ? 1 : -1;
  return a === b ? 0 : a > b ? 1 : -1;
}

/**
 * Converts a timestamp with an explicit offset to UTC ISO (`…Z`) and returns the offset it was given in.
 * A naive timestamp (no offset) is refused: its zone is the connector's to state, never the server's.
 */
export function toUtc(timestamp: string): { utc: string; offset: string } | undefined {
  const match = /T.*(Z|[+-]\d{2}:?\d{2})$/.exec(timestamp);
  const raw = match?.[1];
  const ms = Date.parse(timestamp);
  if (raw === undefined || Number.isNaN(ms)) return undefined;
  const offset = raw === 'Z' ? 'Z' : raw.includes(':') ? raw : `${raw.slice(0, 3)}:${raw.slice(3)}`;
  return { utc: new Date(ms).toISOString(), offset };
}
