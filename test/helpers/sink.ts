import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Status the sink answered with. */
  status: number;
}

export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Answer after this long (to provoke client timeouts). */
  delayMs?: number;
}

/**
 * A real HTTP receiver on loopback that records every request and answers from a script (then 200). Stands in
 * for an ERP/WMS webhook receiver in end-to-end tests.
 */
export class Sink {
  readonly requests: SinkRequest[] = [];
  private readonly script: ScriptedResponse[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const next = this.script.shift() ?? { status: 200, body: '{"ok":true}' };
        this.requests.push({
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          status: next.status,
        });
        const send = () => {
          res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
          res.end(next.body ?? '{}');
        };
        if (next.delayMs) setTimeout(send, next.delayMs);
        else send();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${address.port}/orders`;
    return this;
  }

  /** Queues responses for the next requests. */
  respond(...responses: ScriptedResponse[]): this {
    this.script.push(...responses);
    return this;
  }

  /** Requests the sink accepted (2xx): each one is an effect at a receiver that does not dedupe. */
  accepted(): SinkRequest[] {
    return this.requests.filter((r) => r.status >= 200 && r.status < 300);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
