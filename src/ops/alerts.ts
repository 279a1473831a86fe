import { compileSchema } from '../core/validation';
import type { Hub } from '../hub';
import { loadAlertSettings, type AlertSettings } from './alert-config';
import { sendNotice, type AlertNotice } from './alert-channels';

/** Documents of this kind hold each alert's state (`state:…`) and the send locks (`lock:…`). */
export const ALERT_STATE_KIND = 'alert-state';

export type AlertKind =
  | 'connection_error'
  | 'channel_quiet'
  | 'orders_recovered'
  | 'deliveries_dead'
  | 'queue_backlog'
  | 'held_too_long';

const TITLES: Record<AlertKind, string> = {
  connection_error: 'connection failing',
  channel_quiet: 'channel quiet for longer than usual',
  orders_recovered: 'missed orders recovered',
  deliveries_dead: 'deliveries dead-lettered',
  queue_backlog: 'queue backing up',
  held_too_long: 'orders held for review too long',
};

export interface AlertInput {
  kind: AlertKind;
  /** The connection concerned; also the subject unless `subject` is given. */
  connectionId?: string;
  /** What the alert is about (a connection id, a queue name); repeats of one kind and subject are grouped. */
  subject?: string;
  /** Occurrences this call reports (e.g. orders recovered); default 1. */
  count?: number;
  message?: string;
}

/** One alert's grouped state: an episode runs from the first occurrence to its resolution. */
export interface AlertState {
  kind: AlertKind;
  subject: string;
  connectionId: string | null;
  episode: number;
  status: 'firing' | 'resolved';
  message: string;
  count: number;
  startedAt: string;
  lastSeenAt: string;
  lastNotifiedAt: string;
  resolvedAt: string | null;
}

const validateState = compileSchema<AlertState>({
  type: 'object',
  required: ['kind', 'subject', 'episode', 'status', 'count', 'startedAt', 'lastSeenAt', 'lastNotifiedAt'],
  properties: {
    kind: { type: 'string' },
    subject: { type: 'string' },
    episode: { type: 'integer' },
    status: { enum: ['firing', 'resolved'] },
    count: { type: 'number' },
    startedAt: { type: 'string' },
    lastSeenAt: { type: 'string' },
    lastNotifiedAt: { type: 'string' },
  },
});

const stateId = (kind: string, subject: string) => `state:${kind}:${subject}`;
const lockId = (kind: string, subject: string, episode: number, phase: string) =>
  `lock:${kind}:${subject}:${episode}:${phase}`;

export async function getAlertState(hub: Hub, kind: string, subject: string): Promise<AlertState | null> {
  const doc = await hub.store.getDoc(ALERT_STATE_KIND, stateId(kind, subject));
  if (!doc) return null;
  const checked = validateState(doc.value);
  return checked.ok ? checked.value : null;
}

/** Every alert state, firing and resolved (for status and metrics). */
export async function listAlertStates(hub: Hub): Promise<AlertState[]> {
  const page = await hub.store.listDocs({ kind: ALERT_STATE_KIND, idPrefix: 'state:', limit: 500 });
  return page.items.flatMap((d) => {
    const checked = validateState(d.value);
    return checked.ok ? [checked.value] : [];
  });
}

/** Takes a send lock: a deterministic id inserted once, so several processes never send the same notice. */
async function lock(hub: Hub, id: string, at: string): Promise<boolean> {
  return hub.store.insertDoc(ALERT_STATE_KIND, id, { at }, at);
}

async function notify(hub: Hub, settings: AlertSettings, state: AlertState, phase: AlertNotice['phase']) {
  if (!settings.enabled) return;
  const notice: AlertNotice = {
    id: `${state.kind}:${state.subject}:${state.episode}:${phase}`,
    kind: state.kind,
    subject: state.subject,
    connectionId: state.connectionId,
    phase,
    episode: state.episode,
    title: `${TITLES[state.kind]} (${state.subject})`,
    message: state.message,
    count: state.count,
    startedAt: state.startedAt,
    at: hub.now().toISOString(),
  };
  const results = await sendNotice(settings, notice, hub.config.allowPrivateUrls);
  for (const r of results)
    if (!r.ok)
      hub.log.warn({ channel: r.channel, alert: notice.id, error: r.error }, 'alert notification failed');
  return results;
}

/**
 * Reports an occurrence of a problem. The first occurrence of an episode notifies; repeats are counted and
 * notify again only as a reminder, at most every `reminderMinutes`. Hooks (reconciliation, dead letters) and the
 * periodic evaluator call this; it is safe from several processes at once.
 */
export async function raiseAlert(hub: Hub, input: AlertInput): Promise<void> {
  const subject = input.subject ?? input.connectionId ?? 'hub';
  const at = hub.now().toISOString();
  const count = input.count ?? 1;
  const message = input.message ?? TITLES[input.kind];
  const state = await getAlertState(hub, input.kind, subject);
  const { settings } = await loadAlertSettings(hub);
  if (!state || state.status === 'resolved') {
    const episode = (state?.episode ?? 0) + 1;
    // Someone else (another process, a concurrent call) opened this episode and sent its notice.
    if (!(await lock(hub, lockId(input.kind, subject, episode, 'start'), at))) return;
    const next: AlertState = {
      kind: input.kind,
      subject,
      connectionId: input.connectionId ?? null,
      episode,
      status: 'firing',
      message,
      count: Math.max(count, 1),
      startedAt: at,
      lastSeenAt: at,
      lastNotifiedAt: at,
      resolvedAt: null,
    };
    await hub.store.putDoc(ALERT_STATE_KIND, stateId(input.kind, subject), next, at);
    await notify(hub, settings, next, 'started');
    return;
  }
  const next: AlertState = { ...state, count: state.count + count, lastSeenAt: at, message };
  const reminderMs = settings.reminderMinutes * 60_000;
  const due = Date.parse(at) - Date.parse(state.lastNotifiedAt) >= reminderMs;
  const slot = Math.floor(Date.parse(at) / reminderMs);
  const remind = due && (await lock(hub, lockId(input.kind, subject, state.episode, `remind-${slot}`), at));
  if (remind) next.lastNotifiedAt = at;
  await hub.store.putDoc(ALERT_STATE_KIND, stateId(input.kind, subject), next, at);
  if (remind) await notify(hub, settings, next, 'reminder');
}

/** Ends an alert's episode: one "resolved" notice, then the next occurrence opens a new episode. */
export async function resolveAlert(hub: Hub, kind: AlertKind, subject: string): Promise<void> {
  const state = await getAlertState(hub, kind, subject);
  if (!state || state.status !== 'firing') return;
  const at = hub.now().toISOString();
  if (!(await lock(hub, lockId(kind, subject, state.episode, 'resolve'), at))) return;
  const next: AlertState = { ...state, status: 'resolved', resolvedAt: at };
  await hub.store.putDoc(ALERT_STATE_KIND, stateId(kind, subject), next, at);
  const { settings } = await loadAlertSettings(hub);
  await notify(hub, settings, next, 'resolved');
}

/** Hook for the deliver stage: a dead letter must never fail the delivery bookkeeping, so this never throws. */
export async function alertDeadLetter(hub: Hub, destinationId: string): Promise<void> {
  try {
    await raiseAlert(hub, {
      kind: 'deliveries_dead',
      connectionId: destinationId,
      message: 'Deliveries to this destination were dead-lettered after all retries; see GET /v1/exceptions.',
    });
  } catch (err) {
    hub.log.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'alert failed');
  }
}
