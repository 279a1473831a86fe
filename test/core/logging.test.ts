import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging';
import { discoverConnectors } from '../../src/registry';

describe('logger redaction', () => {
  it('censors every connector’s writeOnly fields and auth headers even when code logs them by mistake', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const log = createLogger('info', (await discoverConnectors()).all(), sink);
    log.info({ config: { accessToken: 'shpat_SECRET1', shopDomain: 'a.myshopify.com' } }, 'oops');
    log.info({ connection: { signingSecret: 'whsec_SECRET2' } }, 'oops');
    log.info(
      { req: { headers: { authorization: 'Bearer SECRET3', 'x-shopify-hmac-sha256': 'SECRET4' } } },
      'oops',
    );
    log.info({ webhookSecret: 'SECRET5' }, 'oops');
    const text = lines.join('');
    for (const s of ['SECRET1', 'SECRET2', 'SECRET3', 'SECRET4', 'SECRET5']) expect(text).not.toContain(s);
    expect(text).toContain('a.myshopify.com');
    expect(text).toContain('"accessToken":"[redacted]"');
    // The webhook connector's `headers` setting is writeOnly, so any `headers` object is censored whole.
    expect(text).toContain('"req":{"headers":"[redacted]"}');
  });
});
