import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { inboxEventId } from '../core/ids';
import type { Metrics } from '../metrics';
import type { Queues } from '../queues/queues';
import type { AnySource } from '../registry';
import type { Store } from '../store/port';
import type { InboxSource, NewInboxEvent } from '../store/types';

/** Outcome of storing a batch of channel records. */
export interface IngestResult {
  stored: number;
  duplicates: number;
  /** Inbox event ids in input order (duplicates included: they name the event already stored). */
  eventIds: string[];
}

interface Waiter {
  event: NewInboxEvent;
  connector: string;
  resolve(stored: boolean): void;
  reject(error: unknown): void;
}

/** Largest group committed in one SQLite transaction. */
const MAX_GROUP = 512;

/**
 * The first stage: turns channel records into inbox rows. Concurrent callers (webhook requests, pull pages)
 * are grouped into one store transaction, and each caller's promise settles only after its row is committed —
 * so a webhook is acknowledged only when its order can no longer be lost. Enqueueing follows the commit; if
 * Redis is down then, the sweeper enqueues the rows later.
 */
export class Ingestor {
  private pending: Waiter[] = [];
  private scheduled = false;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: { store: Store; queues: Queues; metrics: Metrics; log: Logger; now: () => Date },
  ) {}

  /** Builds an inbox event for one record. A record the connector cannot identify is kept under a content hash. */
  static event(
    connectionId: string,
    definition: AnySource,
    record: unknown,
    source: InboxSource,
    receivedAt: string,
    text?: string,
  ): NewInboxEvent {
    const raw = text ?? JSON.stringify(record);
    let externalId: string;
    let revision: string;
    try {
      ({ externalId, revision } = definition.identify(record));
    } catch {
      // Never drop what we cannot identify: normalization will quarantine it with the mapping's reason.
      const digest = createHash('sha256').update(raw).digest('hex').slice(0, 32);
      externalId = `unidentified-${digest}`;
      revision = digest;
    }
    return {
      id: inboxEventId(connectionId, externalId, revision),
      connectionId,
      externalId,
      revision,
      source,
      raw,
      receivedAt,
    };
  }

  /**
   * Stores records for a connection; resolves once they are committed. `raw`, when given, holds each
   * record's exact text as received and is stored instead of a re-serialisation.
   */
  async ingest(
    connectionId: string,
    definition: AnySource,
    records: readonly unknown[],
    source: InboxSource,
    raw?: readonly string[],
  ): Promise<IngestResult> {
    const at = this.deps.now().toISOString();
    const texts = raw?.length === records.length ? raw : undefined;
    const events = records.map((r, i) => Ingestor.event(connectionId, definition, r, source, at, texts?.[i]));
    const flags = await Promise.all(
      events.map(
        (event) =>
          new Promise<boolean>((resolve, reject) => {
            this.pending.push({ event, connector: definition.meta.id, resolve, reject });
            this.schedule();
          }),
      ),
    );
    const stored = flags.filter(Boolean).length;
    return { stored, duplicates: flags.length - stored, eventIds: events.map((e) => e.id) };
  }

  private schedule(): void {
    if (this.pending.length >= MAX_GROUP) {
      void this.drain();
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private drain(): Promise<void> {
    this.inFlight = this.inFlight.then(async () => {
      while (this.pending.length > 0) {
        const group = this.pending.splice(0, MAX_GROUP);
        await this.commit(group);
      }
    });
    return this.inFlight;
  }

  private async commit(group: Waiter[]): Promise<void> {
    let flags: boolean[];
    try {
      flags = await this.deps.store.insertInbox(group.map((w) => w.event));
    } catch (error) {
      for (const w of group) w.reject(error);
      return;
    }
    const fresh: string[] = [];
    group.forEach((w, i) => {
      const stored = flags[i] === true;
      if (stored) fresh.push(w.event.id);
      this.deps.metrics.inbox.inc({
        connector: w.connector,
        source: w.event.source,
        result: stored ? 'stored' : 'duplicate',
      });
      w.resolve(stored);
    });
    this.deps.queues.enqueueInbox(fresh).catch((err: Error) => {
      this.deps.log.warn(
        { err: { message: err.message }, count: fresh.length },
        'enqueue after ingest failed; the sweeper will retry',
      );
    });
  }

  /** Waits for every accepted record to be committed (shutdown). */
  async flush(): Promise<void> {
    await this.drain();
  }
}
