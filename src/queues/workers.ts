import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Hub } from '../hub';
import { deliverOnce } from '../pipeline/deliver';
import { normalizeEvent } from '../pipeline/normalize';
import { fetchNoticed, pullConnection } from '../pipeline/pull';
import { RECON_JOB, reconcileTick } from '../pipeline/reconcile-schedule';
import { pullShipments } from '../pipeline/shipment-pull';
import { writeBackShipment } from '../pipeline/write-back';
import { ConnectorError } from '../sdk/errors';
import { QUEUE_NAMES } from './queues';

/** Thrown to BullMQ when a delivery should be retried; its delay feeds the `by-failure-kind` backoff. */
export class RetryLater extends Error {
  constructor(
    readonly delayMs: number,
    message: string,
  ) {
    super(message);
    this.name = 'RetryLater';
  }
}

/** Lock on an active job; a crashed worker's jobs are taken over once it lapses. */
const STALL_LOCK_MS = 10_000;
/** How often workers look for jobs whose lock lapsed. */
const STALL_CHECK_MS = 5_000;

export interface WorkerOptions {
  /** Concurrent normalizations per process. Default 16. */
  inboxConcurrency?: number;
  /** Concurrent pulls per process. Default 2. */
  pollConcurrency?: number;
}

function field(job: Job, name: string): string {
  const value: unknown = job.data?.[name];
  if (typeof value !== 'string') throw new UnrecoverableError(`job ${job.id} lacks ${name}`);
  return value;
}

/** Starts the inbox, deliver and poll workers of this process. */
export function startWorkers(hub: Hub, options: WorkerOptions = {}): { close(): Promise<void> } {
  // A process killed mid-job leaves its jobs "active" in Redis under a lock that must expire before another
  // worker takes them over; BullMQ's defaults (30 s lock, 30 s stall checks) would hold those orders for a
  // minute or more. Locks are renewed every lockDuration/2, so short locks are safe for long HTTP calls.
  const base = {
    connection: hub.redis,
    prefix: hub.config.queuePrefix,
    lockDuration: STALL_LOCK_MS,
    stalledInterval: STALL_CHECK_MS,
    maxStalledCount: 3,
  };
  const inbox = new Worker(QUEUE_NAMES.inbox, async (job) => normalizeEvent(hub, field(job, 'eventId')), {
    ...base,
    concurrency: options.inboxConcurrency ?? 16,
  });
  const deliver = new Worker(
    QUEUE_NAMES.deliver,
    async (job, token) => {
      const receivedAt: unknown = job.data?.receivedAt;
      const step = await deliverOnce(
        hub,
        field(job, 'deliveryId'),
        typeof receivedAt === 'string' ? receivedAt : undefined,
      );
      if (step.step === 'retry') throw new RetryLater(step.delayMs, step.error.message);
      if (step.step === 'wait') {
        // Rate limited: wait what the remote asked without spending one of the job's attempts.
        await job.moveToDelayed(Date.now() + step.delayMs, token);
        throw new DelayedError();
      }
      if (step.step === 'stop') throw new UnrecoverableError(`delivery ${step.state}`);
      return step.step;
    },
    {
      ...base,
      concurrency: hub.config.delivery.concurrency,
      settings: {
        backoffStrategy: (_attemptsMade: number, _type?: string, err?: Error) =>
          err instanceof RetryLater ? err.delayMs : hub.config.delivery.retryBaseMs,
      },
    },
  );
  const poll = new Worker(
    QUEUE_NAMES.poll,
    async (job, token) => {
      if (job.name === 'writeback') {
        const out = await writeBackShipment(
          hub,
          field(job, 'shipmentId'),
          job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
        );
        if (out.step !== 'retry') return out.step;
        if (out.error.kind === 'rate_limited' && out.error.retryAfterMs) {
          await job.moveToDelayed(Date.now() + out.error.retryAfterMs, token);
          throw new DelayedError();
        }
        throw out.error;
      }
      if (job.name === RECON_JOB) return (await reconcileTick(hub)).length;
      const connectionId = field(job, 'connectionId');
      if (job.name === 'fetch') return fetchNoticed(hub, connectionId, job.data?.externalIds);
      if (job.name === 'shipments') {
        const read = await pullShipments(hub, connectionId);
        if (read.status === 'more')
          await hub.queues.poll.add(
            'shipments',
            { connectionId },
            { removeOnComplete: true, removeOnFail: true },
          );
        return read.status;
      }
      const result = await pullConnection(hub, connectionId);
      if (result.status === 'more') await hub.queues.enqueuePoll(connectionId, 'continue');
      return result.status;
    },
    { ...base, concurrency: options.pollConcurrency ?? 2 },
  );
  for (const w of [inbox, deliver, poll]) {
    w.on('failed', (job, err) => {
      if (err instanceof DelayedError || err instanceof RetryLater || err instanceof UnrecoverableError)
        return;
      const detail = err instanceof ConnectorError ? { kind: err.kind, code: err.code } : { name: err.name };
      hub.log.warn({ queue: w.name, jobId: job?.id, err: { message: err.message, ...detail } }, 'job failed');
    });
    w.on('error', (err) => hub.log.warn({ queue: w.name, err: { message: err.message } }, 'worker error'));
  }
  return {
    async close() {
      await Promise.all([inbox.close(), deliver.close(), poll.close()]);
    },
  };
}
