import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One request the sink received. The body is kept raw and parsed after the run, off the measured path. */
export interface Arrival {
  /** `performance.now()` when the whole body had arrived. */
  at: number;
  /** Request path: tells the two destinations apart. */
  path: string;
  webhookId: string;
  body: string;
  /** The headers a Standard Webhooks receiver verifies, kept for a signature spot check. */
  headers: Record<string, string>;
}

/**
 * The receiver of both destinations: a keep-alive loopback HTTP server that answers every POST 200 at once
 * and records when it arrived. It runs in the bench process, so its clock is the sender's clock.
 */
export class BenchSink {
  readonly arrivals: Arrival[] = [];
  /** Distinct `webhook-id`s seen. */
  readonly ids = new Set<string>();
  /** Arrivals whose `webhook-id` had been seen before. */
  repeats = 0;
  private server: Server | undefined;
  private port = 0;
  private waiters: { target: number; resolve: () => void }[] = [];

  async start(): Promise<void> {
    const server = createServer({ keepAlive: true }, (req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => {
        const at = performance.now();
        const header = (name: string): string => {
          const v = req.headers[name];
          return Array.isArray(v) ? v.join(',') : (v ?? '');
        };
        const webhookId = header('webhook-id');
        this.arrivals.push({
          at,
          path: req.url ?? '',
          webhookId,
          body,
          headers: {
            'webhook-id': webhookId,
            'webhook-timestamp': header('webhook-timestamp'),
            'webhook-signature': header('webhook-signature'),
          },
        });
        if (this.ids.has(webhookId)) this.repeats++;
        else this.ids.add(webhookId);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '2' });
        res.end('{}');
        if (this.waiters.length) this.notify();
      });
    });
    // The hub keeps its connections to a destination open: do not close them between bursts.
    server.keepAliveTimeout = 120_000;
    server.headersTimeout = 125_000;
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Resolves true once `target` distinct webhook-ids have arrived, false after `timeoutMs`. */
  waitForDistinct(target: number, timeoutMs: number): Promise<boolean> {
    if (this.ids.size >= target) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      const waiter = {
        target,
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      this.waiters.push(waiter);
    });
  }

  private notify(): void {
    const size = this.ids.size;
    const done = this.waiters.filter((w) => size >= w.target);
    if (done.length === 0) return;
    this.waiters = this.waiters.filter((w) => size < w.target);
    for (const w of done) w.resolve();
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
