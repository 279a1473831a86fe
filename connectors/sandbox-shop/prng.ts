import { createHash } from 'node:crypto';

/** A small seeded random source. Same key, same sequence, on every platform and Node version. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by relative weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
}

/**
 * An sfc32 generator seeded from SHA-256 of the key parts. A hash seed (rather than Math.random or a counter)
 * is what lets any single order be regenerated on its own from (seed, minute, slot).
 */
export function rng(...parts: (string | number)[]): Rng {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(String(p)).update('\u0000');
  const digest = hash.digest();
  let a = digest.readUInt32LE(0);
  let b = digest.readUInt32LE(4);
  let c = digest.readUInt32LE(8);
  let d = digest.readUInt32LE(12);
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // Warm up, as sfc32 recommends, so similar seeds diverge.
  for (let i = 0; i < 12; i++) next();
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick,
    weighted: (items) => {
      const total = items.reduce((s, [, w]) => s + w, 0);
      let at = next() * total;
      for (const [item, w] of items) {
        at -= w;
        if (at < 0) return item;
      }
      return pick(items)[0];
    },
  };
}
