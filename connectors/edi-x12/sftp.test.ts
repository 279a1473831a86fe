import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../src/sdk/testkit';
import ediX12 from './index';
import { startSftpServer, type TestSftpServer } from './sftp-test-server';
import { baseConfig, canonical, context, failure, info, tempDir } from './test-helpers';

let dir: Awaited<ReturnType<typeof tempDir>> = { path: '', remove: async () => undefined };
let server: TestSftpServer;
beforeAll(async () => {
  dir = await tempDir();
  mkdirSync(join(dir.path, 'to-3pl'));
  mkdirSync(join(dir.path, 'from-3pl'));
  server = await startSftpServer(dir.path, 'orderhub', 'correct-horse');
});
afterAll(async () => {
  await server.close();
  await dir.remove();
});

const config = (extra = {}) => ({
  ...baseConfig,
  transport: 'sftp' as const,
  sftpHost: '127.0.0.1',
  sftpPort: server.port,
  sftpUsername: 'orderhub',
  sftpPassword: 'correct-horse',
  sftpHostKeySha256: server.hostKeySha256,
  outboundPath: 'to-3pl',
  inboundPath: 'from-3pl',
  ...extra,
});

describe('edi-x12 over a real in-process SFTP server', () => {
  it('check() passes, then a 940 is published once and found again by its key', async () => {
    const ctx = context(config());
    expect(await ediX12.check(ctx)).toMatchObject({ ok: true });
    const order = canonical('us-two-shipping-lines-discount');
    const payload = ediX12.fromCanonical(order, { connectionId: 'con_test', config: {}, tables: ctx.tables });
    const key = 'dlv_sftpsftpsftpsftpsftpsftp';
    expect(await ediX12.deliver(ctx, payload, info(order, key))).toEqual({
      remoteId: `940_${key}.x12`,
      status: 'sent',
    });
    expect(await ediX12.deliver(ctx, payload, info(order, key))).toMatchObject({ status: 'duplicate' });
    expect(readdirSync(join(dir.path, 'to-3pl'))).toEqual([`940_${key}.x12`]);
    const text = readFileSync(join(dir.path, 'to-3pl', `940_${key}.x12`), 'utf8');
    expect(text).toContain('ST*940*0001~');
    expect(text).toContain('W05*R*ord_hjn9m2mj44p327wt4taawgn9h4*#2047~');
    expect(readFileSync(join(dir.path, '.orderhub', 'control-number'), 'utf8').trim()).toBe('1');
  });

  it('reads 945s from the inbound folder', async () => {
    copyFileSync(fixturePath('edi-x12', 'inbound/945-full.x12'), join(dir.path, 'from-3pl', '945-full.x12'));
    const page = await ediX12.shipments?.fetchPage(context(config()), { since: '2026-01-01T00:00:00Z' });
    expect(page?.shipments.map((s) => [s.orderId, s.trackingNumber])).toEqual([
      ['ord_gd0p6yatnfpdjegqqzvrzzt15n', '1Z4E56A80312345678'],
    ]);
  });

  it('classifies a wrong password as auth, a different host key and a missing folder as config', async () => {
    const order = canonical('us-web');
    const payload = ediX12.fromCanonical(order, {
      connectionId: 'con_test',
      config: {},
      tables: context({}).tables,
    });
    const auth = await failure(
      ediX12.deliver(context(config({ sftpPassword: 'wrong' })), payload, info(order, 'dlv_auth')),
    );
    expect(auth).toMatchObject({ kind: 'auth', code: 'EDI_X12_SFTP_AUTH' });
    const otherKey = `SHA256:${'A'.repeat(43)}`;
    const key = await failure(
      ediX12.deliver(context(config({ sftpHostKeySha256: otherKey })), payload, info(order, 'dlv_key')),
    );
    expect(key).toMatchObject({ kind: 'config', code: 'EDI_X12_SFTP_HOST_KEY_MISMATCH' });
    expect(await ediX12.check(context(config({ outboundPath: 'nowhere' })))).toMatchObject({
      ok: false,
      code: 'EDI_X12_FOLDER_MISSING',
    });
    expect(JSON.stringify(auth)).not.toContain('correct-horse');
  });
});
