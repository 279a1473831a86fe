import { Redis } from 'ioredis';

/** Jobs waiting and in progress in the hub's BullMQ queues. */
export interface QueueDepths {
  inboxWaiting: number;
  inboxActive: number;
  deliverWaiting: number;
  deliverActive: number;
  deliverDelayed: number;
}

function infoField(info: string, name: string): number {
  const m = new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info);
  return m?.[1] === undefined ? Number.NaN : Number(m[1]);
}

/** A side connection to the hub's Redis: memory, CPU, queue depths and clean-up. */
export class RedisProbe {
  private readonly redis: Redis;

  constructor(url: string) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: true, enableOfflineQueue: true });
  }

  async connect(): Promise<void> {
    await this.redis.connect();
  }

  /** `used_memory` of the whole Redis server, bytes. */
  async usedMemory(): Promise<number> {
    return infoField(await this.redis.info('memory'), 'used_memory');
  }

  /** CPU seconds Redis has used (user + sys, the whole server). */
  async cpuSeconds(): Promise<number> {
    const info = await this.redis.info('cpu');
    return infoField(info, 'used_cpu_user') + infoField(info, 'used_cpu_sys');
  }

  async depths(prefix: string): Promise<QueueDepths> {
    const results = await this.redis
      .pipeline()
      .llen(`${prefix}:inbox:wait`)
      .llen(`${prefix}:inbox:active`)
      .llen(`${prefix}:deliver:wait`)
      .llen(`${prefix}:deliver:active`)
      .zcard(`${prefix}:deliver:delayed`)
      .exec();
    const n = (i: number): number => {
      const value = results?.[i]?.[1];
      return typeof value === 'number' ? value : Number.NaN;
    };
    return {
      inboxWaiting: n(0),
      inboxActive: n(1),
      deliverWaiting: n(2),
      deliverActive: n(3),
      deliverDelayed: n(4),
    };
  }

  /**
   * BullMQ worker connections of the hub's `inbox` and `deliver` queues, from `CLIENT LIST`: each worker names
   * its blocking connection `<prefix>:<base64 queue name>` (`:w:<name>` after it when named).
   */
  async workerConnections(prefix: string): Promise<{ inbox: number; deliver: number }> {
    const list = String(await this.redis.call('CLIENT', 'LIST'));
    const names = [...list.matchAll(/ name=(\S*)/g)].map((m) => m[1] ?? '');
    const count = (queue: string): number => {
      const base = `${prefix}:${Buffer.from(queue).toString('base64')}`;
      return names.filter((n) => n === base || n.startsWith(`${base}:w:`)).length;
    };
    return { inbox: count('inbox'), deliver: count('deliver') };
  }

  private async scan(prefix: string, each: (keys: string[]) => Promise<void>): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await each(keys);
    } while (cursor !== '0');
  }

  /** Keys under `<prefix>:`. */
  async countKeys(prefix: string): Promise<number> {
    let total = 0;
    await this.scan(prefix, async (keys) => {
      total += keys.length;
    });
    return total;
  }

  /** Removes every key under `<prefix>:`; returns how many. */
  async deleteKeys(prefix: string): Promise<number> {
    let total = 0;
    await this.scan(prefix, async (keys) => {
      total += await this.redis.unlink(...keys);
    });
    return total;
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
