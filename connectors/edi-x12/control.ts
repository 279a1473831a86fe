import { configError, transientError, type Clock } from '../../src/sdk';
import { joinPath, type Transport } from './transport';

/**
 * Interchange control numbers are kept in a counter file in the connection's state folder, on the same
 * storage the files go to (the local folder or the partner's SFTP server), so every hub process that sends to
 * this partner shares one sequence. An exclusive lock file guards each increment; a lock older than
 * `STALE_LOCK_MS` is taken over (its holder died). A missing counter starts at 1; an unreadable one stops
 * delivery rather than restart the sequence and repeat numbers.
 */
const STALE_LOCK_MS = 60_000;
const LOCK_WAIT_MS = 100;
const LOCK_ATTEMPTS = 100;
const MAX_CONTROL = 999_999_999;

/** What the hub remembers about each file it published. */
export interface SentMarker {
  file: string;
  controlNumber: number;
  orderId: string;
  key: string;
  operation: string;
  sentAt: string;
}

/** What a rejecting 997 said about one of our groups. */
export interface Rejection {
  controlNumber: number;
  orderId?: string;
  groupStatus: string;
  setStatus?: string;
  receivedAt: string;
}

export const statePaths = (state: string) => ({
  counter: joinPath(state, 'control-number'),
  lock: joinPath(state, 'control.lock'),
  sent: (file: string) => joinPath(state, 'sent', `${file}.json`),
  control: (n: number) => joinPath(state, 'controls', `${n}.json`),
  rejected: (n: number) => joinPath(state, 'rejected', `${n}.json`),
  dirs: [joinPath(state, 'sent'), joinPath(state, 'controls'), joinPath(state, 'rejected')],
});

/** Takes the next interchange control number (1 … 999 999 999, then wraps to 1). */
export async function nextControlNumber(
  transport: Transport,
  state: string,
  clock: Clock,
  sleep: (ms: number) => Promise<void>,
): Promise<number> {
  const paths = statePaths(state);
  let locked = false;
  for (let attempt = 0; attempt < LOCK_ATTEMPTS && !locked; attempt += 1) {
    locked = await transport.createExclusive(paths.lock, JSON.stringify({ at: clock.now().toISOString() }));
    if (locked) break;
    const held = await transport.readText(paths.lock);
    const at = held === null ? NaN : Date.parse(String(parseJson(held)?.at ?? ''));
    if (held !== null && (Number.isNaN(at) || clock.now().getTime() - at > STALE_LOCK_MS)) {
      await transport.remove(paths.lock);
      continue;
    }
    await sleep(LOCK_WAIT_MS);
  }
  if (!locked)
    throw transientError('the control-number counter stayed locked', { code: 'EDI_X12_COUNTER_BUSY' });
  try {
    const raw = await transport.readText(paths.counter);
    let last = 0;
    if (raw !== null) {
      const trimmed = raw.trim();
      if (!/^\d{1,9}$/.test(trimmed))
        throw configError('the control-number counter file is unreadable', {
          code: 'EDI_X12_COUNTER_CORRUPT',
          remedy: `Write the last interchange control number sent to this partner into ${paths.counter}.`,
        });
      last = Number(trimmed);
    }
    const next = last >= MAX_CONTROL ? 1 : last + 1;
    await transport.overwrite(paths.counter, `${next}\n`);
    return next;
  } finally {
    await transport.remove(paths.lock);
  }
}

export function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? { ...value } : undefined;
  } catch {
    return undefined;
  }
}

export function readMarker(text: string | null): SentMarker | undefined {
  const v = text === null ? undefined : parseJson(text);
  if (!v) return undefined;
  const { file, controlNumber, orderId, key, operation, sentAt } = v;
  if (
    typeof file === 'string' &&
    typeof controlNumber === 'number' &&
    typeof orderId === 'string' &&
    typeof key === 'string' &&
    typeof operation === 'string' &&
    typeof sentAt === 'string'
  )
    return { file, controlNumber, orderId, key, operation, sentAt };
  return undefined;
}
