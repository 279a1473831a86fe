import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/** Queue names. Each carries ids of store rows, never payloads. */
export const QUEUE_NAMES = { inbox: 'inbox', deliver: 'deliver', poll: 'poll' } as const;

/** Job id of a delivery: its key plus the manual-retry generation (BullMQ ids may not contain `:`). */
export const deliveryJobId = (id: string, generation: number): string => `${id}.${generation}`;

const EPHEMERAL: JobsOptions = { removeOnComplete: true, removeOnFail: true };

/**
 * Producers for the hub's queues. Job ids derive from store rows, so adding the same work twice while a job
 * is waiting is a no-op, and the sweeper can re-add anything Redis lost.
 */
export class Queues {
  readonly inbox: Queue;
  readonly deliver: Queue;
  readonly poll: Queue;

  constructor(connection: Redis, prefix: string) {
    const opts = { connection, prefix };
    this.inbox = new Queue(QUEUE_NAMES.inbox, opts);
    this.deliver = new Queue(QUEUE_NAMES.deliver, opts);
    this.poll = new Queue(QUEUE_NAMES.poll, opts);
  }

  /** Enqueues normalization of stored inbox events. */
  async enqueueInbox(eventIds: readonly string[]): Promise<void> {
    if (eventIds.length === 0) return;
    await this.inbox.addBulk(
      eventIds.map((id) => ({ name: 'normalize', data: { eventId: id }, opts: { ...EPHEMERAL, jobId: id } })),
    );
  }

  /**
   * Enqueues deliveries. Retries are BullMQ's (`attempts`, custom backoff); the store row stays the truth for
   * what is due, so a lost job is re-added by the sweeper.
   */
  async enqueueDeliveries(
    rows: readonly { id: string; generation: number; delayMs?: number; receivedAt?: string }[],
    maxAttempts: number,
  ): Promise<void> {
    if (rows.length === 0) return;
    await this.deliver.addBulk(
      rows.map((r) => ({
        name: 'deliver',
        data: { deliveryId: r.id, ...(r.receivedAt ? { receivedAt: r.receivedAt } : {}) },
        opts: {
          ...EPHEMERAL,
          jobId: deliveryJobId(r.id, r.generation),
          attempts: maxAttempts,
          backoff: { type: 'by-failure-kind' },
          ...(r.delayMs ? { delay: r.delayMs } : {}),
        },
      })),
    );
  }

  /** Enqueues one pull of a source connection now (manual sync, catch-up). */
  async enqueuePoll(connectionId: string, reason: string): Promise<void> {
    await this.poll.add(
      'poll',
      { connectionId, reason },
      { ...EPHEMERAL, jobId: `sync-${connectionId}-${Date.now()}` },
    );
  }

  /**
   * Enqueues a fetch of orders a channel's notice webhook named. Retried with back-off; if Redis loses it, the
   * connection's next scheduled pull still reads those orders by their modification time.
   */
  async enqueueFetch(connectionId: string, externalIds: readonly string[]): Promise<void> {
    await this.poll.add(
      'fetch',
      { connectionId, externalIds },
      { ...EPHEMERAL, attempts: 8, backoff: { type: 'exponential', delay: 2_000 } },
    );
  }

  /**
   * Enqueues write-back of recorded shipments to their channels. A job id per shipment content, so a shipment
   * waiting already is not queued twice; the sweeper re-adds pending ones Redis lost.
   */
  async enqueueWriteBack(shipments: readonly { id: string; hash: string }[]): Promise<void> {
    if (shipments.length === 0) return;
    await this.poll.addBulk(
      shipments.map((s) => ({
        name: 'writeback',
        data: { shipmentId: s.id },
        opts: {
          ...EPHEMERAL,
          jobId: `wb-${s.id}-${s.hash}`,
          attempts: 8,
          backoff: { type: 'exponential', delay: 5_000 },
        },
      })),
    );
  }

  /**
   * Installs (or removes, with `everyMs` null) the repeating pull of a source connection. An unchanged
   * schedule is left alone, so re-syncing after a restart does not reset its timing.
   */
  async schedulePoll(
    connectionId: string,
    everyMs: number | null,
    name: 'poll' | 'shipments' = 'poll',
  ): Promise<void> {
    const id = `poll-${connectionId}`;
    if (everyMs === null) {
      await this.poll.removeJobScheduler(id);
      return;
    }
    const existing = await this.poll.getJobScheduler(id);
    if (existing && Number(existing.every) === everyMs && existing.name === name) return;
    await this.poll.upsertJobScheduler(
      id,
      { every: everyMs },
      { name, data: { connectionId, reason: 'schedule' }, opts: EPHEMERAL },
    );
  }

  /** Waiting/active/delayed/failed counts per queue, for status and metrics. */
  async depths(): Promise<Record<string, Record<string, number>>> {
    const out: Record<string, Record<string, number>> = {};
    for (const q of [this.inbox, this.deliver, this.poll]) {
      out[q.name] = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all([this.inbox.close(), this.deliver.close(), this.poll.close()]);
  }
}
