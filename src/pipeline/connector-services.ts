import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ConnectorCache, RateBudget, RateLimit } from '../sdk/context';
import type { SecretBox } from '../store/crypto';

/**
 * Token bucket in Redis, refilled from Redis's own clock so that every process sharing a credential sees one
 * budget. Returns 0 when the tokens were taken, else the milliseconds to wait before asking again.
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate, burst, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local s = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(s[1]) or burst
local ts = tonumber(s[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate / 1000)
local wait = 0
if tokens >= cost then tokens = tokens - cost else wait = math.ceil((cost - tokens) * 1000 / rate) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 60000)
return wait`;

/** Waits `ms`, rejecting when `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The connection's shared rate budgets in Redis. */
export function redisRateBudget(
  redis: Redis,
  keyPrefix: string,
  limits: Record<string, RateLimit>,
  sleep: (ms: number) => Promise<void>,
): RateBudget {
  return {
    async take(bucket, cost = 1) {
      const limit = limits[bucket];
      if (!limit) throw new Error(`rate bucket "${bucket}" is not declared in rateLimits`);
      for (;;) {
        const wait = Number(
          await redis.eval(TAKE, 1, `${keyPrefix}:${bucket}`, limit.ratePerSecond, limit.burst, cost),
        );
        if (wait <= 0) return;
        await sleep(wait);
      }
    },
  };
}

/** Encrypted short-lived values in Redis, bound to the connection id. */
export function redisCache(
  redis: Redis,
  keyPrefix: string,
  box: SecretBox,
  connectionId: string,
): ConnectorCache {
  return {
    async get(key) {
      const sealed = await redis.get(`${keyPrefix}:${key}`);
      if (sealed === null) return undefined;
      try {
        return box.open(sealed, connectionId);
      } catch {
        // Sealed under an older key: treat as absent, the connector fetches a fresh value.
        return undefined;
      }
    },
    async set(key, value, ttlMs) {
      await redis.set(`${keyPrefix}:${key}`, box.seal(value, connectionId), 'PX', Math.max(1, ttlMs));
    },
    async delete(key) {
      await redis.del(`${keyPrefix}:${key}`);
    },
  };
}

/**
 * A slot semaphore in Redis: a sorted set of holders scored by lease expiry (Redis's own clock), so a process
 * that dies mid-call frees its slot when the lease runs out.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) + 1000)
  return 1
end
return 0`;

/** Takes one of `limit` slots for `leaseMs`; answers the release function, or null when all are taken. */
export async function acquireSlot(
  redis: Redis,
  key: string,
  limit: number,
  leaseMs: number,
  token: string,
): Promise<(() => Promise<void>) | null> {
  const got = Number(await redis.eval(ACQUIRE, 1, key, limit, leaseMs, token));
  if (got !== 1) return null;
  return async () => {
    await redis.zrem(key, token).catch(() => undefined);
  };
}

/**
 * The Redis key prefix of a connection's rate buckets: per credential when the connector names one (connections
 * on the same shop and app share a budget), else per connection.
 */
export function rateKeyPrefix(
  queuePrefix: string,
  connectionId: string,
  connector: string,
  credential: string | undefined,
): string {
  if (!credential) return `${queuePrefix}:rate:${connectionId}`;
  const digest = createHash('sha256')
    .update(`${connector}\u0000${credential}`)
    .digest('base64url')
    .slice(0, 22);
  return `${queuePrefix}:rate:cred:${connector}:${digest}`;
}

const RELEASE_OWN_LOCK =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * Takes a lock held in Redis for at most `ttlMs`; answers its release function, or null when another process
 * holds it. Release frees only our own lock: work that outlived its TTL must not free another process's lock.
 */
export async function acquireLock(
  redis: Redis,
  key: string,
  ttlMs: number,
): Promise<(() => Promise<void>) | null> {
  const token = randomUUID();
  if ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') return null;
  return async () => {
    await redis.eval(RELEASE_OWN_LOCK, 1, key, token).catch(() => undefined);
  };
}
