import { readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, utimes, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transientError } from '../../src/sdk';
import { fixturePath } from '../../src/sdk/testkit';
import ediX12, { createEdiX12, openTransport } from './index';
import { parseSegments, transactions } from './x12';
import { baseConfig, canonical, context, failure, info, tempDir } from './test-helpers';

let dir: Awaited<ReturnType<typeof tempDir>> = { path: '', remove: async () => undefined };
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(() => dir.remove());

const config = () => ({ ...baseConfig, localDirectory: dir.path });
const mapping = { connectionId: 'con_test', config: {}, tables: context({}).tables };
const outboundFiles = () => readdirSync(join(dir.path, 'outbound')).filter((f) => !f.startsWith('.'));
const controlOf = (file: string) =>
  transactions(parseSegments(readFileSync(join(dir.path, 'outbound', file), 'utf8')).segments)[0]
    ?.interchangeControl;

describe('edi-x12 delivery to a local folder', () => {
  it('publishes one file named after the delivery key; a second delivery with the same key writes nothing', async () => {
    const ctx = context(config());
    const order = canonical('us-web');
    const payload = ediX12.fromCanonical(order, mapping);
    const key = 'dlv_aaaaaaaaaaaaaaaaaaaaaaaaaa';
    if (ediX12.idempotency.mode !== 'lookup-before-write') throw new Error('expected lookup-before-write');
    expect(await ediX12.idempotency.findExisting(ctx, key, payload)).toBeNull();
    const ref = await ediX12.deliver(ctx, payload, info(order, key));
    expect(ref).toEqual({ remoteId: `940_${key}.x12`, status: 'sent' });
    expect(await ediX12.idempotency.findExisting(ctx, key, payload)).toEqual({
      remoteId: `940_${key}.x12`,
      status: 'sent',
    });
    expect(await ediX12.deliver(ctx, payload, info(order, key))).toEqual({
      remoteId: `940_${key}.x12`,
      status: 'duplicate',
    });
    expect(outboundFiles()).toEqual([`940_${key}.x12`]);
    expect(controlOf(`940_${key}.x12`)).toBe('000000001');
  });

  it('finds the file after an attempt that timed out once the file was in place, so the retry sends nothing', async () => {
    let failNext = true;
    const flaky = createEdiX12(async (c) => {
      const t = await openTransport(c);
      return {
        ...t,
        publish: async (path, data) => {
          const written = await t.publish(path, data);
          if (failNext) {
            failNext = false;
            throw transientError('SFTP write timed out', { code: 'EDI_X12_SFTP_FAILED' });
          }
          return written;
        },
      };
    });
    const ctx = context(config());
    const order = canonical('cn-address');
    const payload = flaky.fromCanonical(order, mapping);
    const key = 'dlv_bbbbbbbbbbbbbbbbbbbbbbbbbb';
    expect((await failure(flaky.deliver(ctx, payload, info(order, key)))).kind).toBe('transient');
    if (flaky.idempotency.mode !== 'lookup-before-write') throw new Error('expected lookup-before-write');
    expect(await flaky.idempotency.findExisting(ctx, key, payload)).toEqual({
      remoteId: `940_${key}.x12`,
      status: 'sent',
    });
    expect((await flaky.deliver(ctx, payload, info(order, key))).status).toBe('duplicate');
    expect(outboundFiles()).toHaveLength(1);
  });

  it('remembers what it sent after the partner collected the file', async () => {
    const ctx = context(config());
    const order = canonical('us-web');
    const payload = ediX12.fromCanonical(order, mapping);
    const key = 'dlv_cccccccccccccccccccccccccc';
    await ediX12.deliver(ctx, payload, info(order, key));
    await writeFile(join(dir.path, 'outbound', `940_${key}.x12`), '');
    const { rm } = await import('node:fs/promises');
    await rm(join(dir.path, 'outbound', `940_${key}.x12`));
    expect((await ediX12.deliver(ctx, payload, info(order, key))).status).toBe('duplicate');
    expect(outboundFiles()).toEqual([]);
  });

  it('never repeats a control number, also for concurrent deliveries; revisions and cancels get their own files', async () => {
    const ctx = context(config());
    // Waiting for the counter lock must let the real file I/O of the other deliveries finish on a busy machine:
    // sleep for real here (the test kit's sleep only moves the clock).
    ctx.sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    const orders = [
      'us-web',
      'cn-address',
      'eu-tax-inclusive',
      'eu-multi-currency',
      'us-two-shipping-lines-discount',
    ].map(canonical);
    await Promise.all(
      orders.map((o, i) =>
        ediX12.deliver(ctx, ediX12.fromCanonical(o, mapping), info(o, `dlv_${String(i).repeat(26)}`)),
      ),
    );
    const first = orders[0];
    if (!first) throw new Error('no order');
    const cancel = await ediX12.deliver(
      ctx,
      ediX12.fromCanonical(first, mapping),
      info(first, 'dlv_cancel', 'cancel'),
    );
    expect(cancel.status).toBe('cancel sent');
    const controls = outboundFiles().map(controlOf);
    expect(controls).toHaveLength(6);
    expect(new Set(controls).size).toBe(6);
    expect(readFileSync(join(dir.path, '.orderhub', 'control-number'), 'utf8').trim()).toBe('6');
    expect(readFileSync(join(dir.path, 'outbound', '940_dlv_cancel.x12'), 'utf8')).toContain('\nW05*F*');
    expect(readFileSync(join(dir.path, 'outbound', `940_dlv_${'4'.repeat(26)}.x12`), 'utf8')).toContain(
      '\nW05*R*',
    );
  });

  it('stops with config errors when the counter is unreadable or the partner ids are missing', async () => {
    const order = canonical('us-web');
    const payload = ediX12.fromCanonical(order, mapping);
    await mkdir(join(dir.path, '.orderhub'), { recursive: true });
    await writeFile(join(dir.path, '.orderhub', 'control-number'), 'garbage');
    const corrupt = await failure(ediX12.deliver(context(config()), payload, info(order, 'dlv_x')));
    expect(corrupt).toMatchObject({ kind: 'config', code: 'EDI_X12_COUNTER_CORRUPT' });
    const noIds = await failure(
      ediX12.deliver(context({ localDirectory: dir.path }), payload, info(order, 'dlv_y')),
    );
    expect(noIds).toMatchObject({ kind: 'config', code: 'EDI_X12_IDS_MISSING' });
  });

  it('takes over a stale counter lock, and retries later when a live holder keeps it', async () => {
    const ctx = context(config());
    await mkdir(join(dir.path, '.orderhub'), { recursive: true });
    await writeFile(
      join(dir.path, '.orderhub', 'control.lock'),
      JSON.stringify({ at: '2026-01-05T13:00:00Z' }),
    );
    const order = canonical('us-web');
    await ediX12.deliver(ctx, ediX12.fromCanonical(order, mapping), info(order, 'dlv_stale'));
    expect(controlOf('940_dlv_stale.x12')).toBe('000000001');
    await writeFile(
      join(dir.path, '.orderhub', 'control.lock'),
      JSON.stringify({ at: ctx.clock.now().toISOString() }),
    );
    const busy = await failure(
      ediX12.deliver(ctx, ediX12.fromCanonical(order, mapping), info(order, 'dlv_fresh')),
    );
    expect(busy).toMatchObject({ kind: 'transient', code: 'EDI_X12_COUNTER_BUSY' });
    expect(ctx.sleeps.length).toBeGreaterThan(10);
    expect(outboundFiles()).toEqual(['940_dlv_stale.x12']);
  });

  it('check() passes on a writable folder and explains missing ids and unwritable folders', async () => {
    expect(await ediX12.check(context(config()))).toMatchObject({ ok: true });
    expect(await ediX12.check(context({ localDirectory: dir.path }))).toMatchObject({
      ok: false,
      code: 'EDI_X12_IDS_MISSING',
    });
    await chmod(dir.path, 0o500);
    try {
      const result = await ediX12.check(context({ ...config(), outboundPath: 'new-out' }));
      if (process.getuid?.() !== 0)
        expect(result).toMatchObject({ ok: false, code: 'EDI_X12_FOLDER_NOT_WRITABLE' });
      else expect(result.ok).toBe(true);
    } finally {
      await chmod(dir.path, 0o700);
    }
    const sftp = await ediX12.check(
      context({ ...baseConfig, transport: 'sftp', sftpHost: 'sftp.example.com' }),
    );
    expect(sftp).toMatchObject({ ok: false, code: 'EDI_X12_SFTP_SETTINGS_MISSING' });
    if (!sftp.ok) expect(sftp.message).toContain('sftpUsername');
  });
});

describe('edi-x12 shipment read-back from the inbound folder', () => {
  async function drop(name: string, mtime: string): Promise<void> {
    await mkdir(join(dir.path, 'inbound'), { recursive: true });
    await copyFile(fixturePath('edi-x12', `inbound/${name}`), join(dir.path, 'inbound', name));
    await utimes(join(dir.path, 'inbound', name), new Date(mtime), new Date(mtime));
  }

  it('reads full and partial 945s (separators from the ISA), skips unreadable files, and pages by file time', async () => {
    await drop('945-full.x12', '2026-01-06T20:40:00Z');
    await drop('945-partial-two-parcels.x12', '2026-01-08T09:00:00Z');
    await drop('945-bad-counts.x12', '2026-01-07T10:00:00Z');
    await drop('997-accepted.x12', '2026-01-01T00:00:00Z');
    const ctx = context(config());
    const page = await ediX12.shipments?.fetchPage(ctx, { since: '2026-01-05T00:00:00Z' });
    expect(page?.nextPageToken).toBeUndefined();
    expect(page?.shipments).toEqual([
      {
        orderId: 'ord_gd0p6yatnfpdjegqqzvrzzt15n',
        shipmentId: 'SHP-77001',
        shippedAt: '2026-01-06T15:30:00-05:00',
        carrier: 'UPSN',
        service: 'UPS 2nd Day Air',
        trackingNumber: '1Z4E56A80312345678',
        final: true,
      },
      expect.objectContaining({
        shipmentId: 'SHP-77019/784512300011',
        trackingNumber: '784512300011',
        lines: [{ sku: 'SDF-BLK', lineId: '14200000000031', quantity: 1 }],
        final: false,
      }),
      expect.objectContaining({
        orderId: 'ord_hjn9m2mj44p327wt4taawgn9h4',
        shipmentId: 'SHP-77019/784512300022',
        shippedAt: '2026-01-08T08:40:00+00:00',
        lines: [{ sku: 'LAMP-LED-01', lineId: '14200000000032', quantity: 1 }],
      }),
    ]);
    expect(ctx.log.lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        obj: expect.objectContaining({ code: 'EDI_X12_FILE_UNREADABLE', file: '945-bad-counts.x12' }),
      }),
    );
  });

  it('pages through many files without skipping or repeating one', async () => {
    for (let i = 0; i < 30; i += 1) {
      await mkdir(join(dir.path, 'inbound'), { recursive: true });
      const name = `945-${String(i).padStart(2, '0')}.x12`;
      await copyFile(fixturePath('edi-x12', 'inbound/945-full.x12'), join(dir.path, 'inbound', name));
      const at = new Date(Date.parse('2026-01-06T00:00:00Z') + Math.floor(i / 4) * 1000);
      await utimes(join(dir.path, 'inbound', name), at, at);
    }
    const ctx = context(config());
    const first = await ediX12.shipments?.fetchPage(ctx, { since: '2026-01-05T00:00:00Z' });
    expect(first?.shipments).toHaveLength(25);
    const second = await ediX12.shipments?.fetchPage(ctx, {
      since: '2026-01-05T00:00:00Z',
      pageToken: first?.nextPageToken,
    });
    expect(second?.shipments).toHaveLength(5);
    expect(second?.nextPageToken).toBeUndefined();
  });

  it('surfaces a rejecting 997: logged with the order id, returned as an acknowledgement, remembered', async () => {
    const ctx = context(config());
    const order = canonical('us-web');
    await ediX12.deliver(ctx, ediX12.fromCanonical(order, mapping), info(order, 'dlv_first'));
    await drop('997-rejected.x12', '2026-01-05T15:00:00Z');
    await drop('997-accepted.x12', '2026-01-05T15:01:00Z');
    const page = await ediX12.shipments?.fetchPage(ctx, { since: '2026-01-05T00:00:00Z' });
    if (!page || !('acknowledgements' in page)) throw new Error('expected an EDI shipment page');
    expect(page.shipments).toEqual([]);
    expect(page.acknowledgements).toEqual([
      {
        functionalId: 'OW',
        groupControlNumber: 1,
        groupStatus: 'R',
        sets: [{ setControl: '0001', status: 'R' }],
        rejected: true,
        orderId: order.id,
      },
      {
        functionalId: 'OW',
        groupControlNumber: 2,
        groupStatus: 'A',
        sets: [{ setControl: '0002', status: 'A' }],
        rejected: false,
      },
    ]);
    expect(ctx.log.lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        obj: expect.objectContaining({ code: 'EDI_X12_997_REJECTED', orderId: order.id }),
      }),
    );
    expect(JSON.parse(readFileSync(join(dir.path, '.orderhub', 'rejected', '1.json'), 'utf8'))).toMatchObject(
      { groupStatus: 'R' },
    );
    expect(JSON.stringify(ctx.log.lines)).not.toContain('Carlos');
  });
});
