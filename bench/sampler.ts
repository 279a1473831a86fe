import { performance } from 'node:perf_hooks';
import type { HubCluster } from './hub-cluster';
import type { QueueDepths, RedisProbe } from './redis-probe';
import type { DepthSample } from './result-types';

export const SAMPLE_EVERY_MS = 250;

/** Samples queue depths and the hub's CPU/RSS (all its processes together) in the background. */
export class Sampler {
  readonly timeline: DepthSample[] = [];
  readonly peaks: Record<string, QueueDepths> = {};
  phase = 'warm-up';
  zero = performance.now();
  redisPeak = 0;
  private timer: NodeJS.Timeout | undefined;
  private last: { at: number; cpuMs: number } | null = null;
  private busy = false;

  constructor(
    private readonly hub: HubCluster,
    private readonly probe: RedisProbe,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), SAMPLE_EVERY_MS);
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const [depths, mem] = await Promise.all([this.probe.depths(this.hub.prefix), this.probe.usedMemory()]);
      this.redisPeak = Math.max(this.redisPeak, mem);
      const now = performance.now();
      const proc = this.hub.sample();
      let cpuPct: number | null = null;
      if (proc && this.last) cpuPct = ((proc.cpuMs - this.last.cpuMs) / (now - this.last.at)) * 100;
      if (proc) this.last = { at: now, cpuMs: proc.cpuMs };
      this.timeline.push({
        t: (now - this.zero) / 1000,
        phase: this.phase,
        ...depths,
        hubCpuPct: cpuPct,
        hubRssMb: proc ? proc.rssMb : null,
      });
      const peak = (this.peaks[this.phase] ??= {
        inboxWaiting: 0,
        inboxActive: 0,
        deliverWaiting: 0,
        deliverActive: 0,
        deliverDelayed: 0,
      });
      for (const key of Object.keys(peak) as (keyof QueueDepths)[])
        peak[key] = Math.max(peak[key], depths[key]);
    } catch {
      // Redis busy or gone: the next tick tries again.
    } finally {
      this.busy = false;
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
