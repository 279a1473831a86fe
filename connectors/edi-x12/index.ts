import { randomUUID } from 'node:crypto';
import {
  configError,
  ConnectorError,
  defineDestination,
  type CheckResult,
  type ConnectorContext,
  type DestinationDefinition,
  type RemoteRef,
  type ShipmentPage,
  type ShipmentReport,
} from '../../src/sdk';
import { configSchema, resolveConfig, type EdiX12Config, type ResolvedConfig } from './config';
import { nextControlNumber, readMarker, statePaths, type SentMarker } from './control';
import { envelopeIds, renderInterchange } from './envelope';
import { acknowledgementsOf997, shipmentsOf945, type Acknowledgement } from './inbound';
import { to940, type Edi940Payload } from './mapping';
import { sftpTransport } from './sftp';
import { joinPath, localTransport, type FileInfo, type Transport } from './transport';
import { parseSegments, transactions, X12SyntaxError } from './x12';

export type { EdiX12Config } from './config';
export type { Edi940Payload } from './mapping';
export type { Transport } from './transport';
export type { Acknowledgement } from './inbound';

/** A shipment read of this connector: the hub's page plus what 997s said about our 940s. */
export interface EdiShipmentPage extends ShipmentPage {
  acknowledgements: Acknowledgement[];
}

/** Opens the storage a connection sends to; tests swap it to inject faults. */
export type OpenTransport = (config: ResolvedConfig) => Promise<Transport>;

const PAGE_FILES = 25;

/** The real transports: a local folder, or the partner's SFTP server with a pinned host key. */
export const openTransport: OpenTransport = async (config) => {
  if (config.transport === 'local') return localTransport(config.localDirectory);
  const missing = [
    ['sftpHost', config.sftpHost],
    ['sftpUsername', config.sftpUsername],
    ['sftpHostKeySha256', config.sftpHostKeySha256],
  ]
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (!config.sftpPassword && !config.sftpPrivateKey) missing.push('sftpPassword or sftpPrivateKey');
  if (missing.length > 0 || !config.sftpHost || !config.sftpUsername || !config.sftpHostKeySha256)
    throw configError(`SFTP settings missing: ${missing.join(', ')}`, {
      code: 'EDI_X12_SFTP_SETTINGS_MISSING',
      remedy:
        'Fill in the SFTP settings the partner gave you; get the host key fingerprint from them out of band.',
    });
  return sftpTransport({
    host: config.sftpHost,
    port: config.sftpPort ?? 22,
    username: config.sftpUsername,
    hostKeySha256: config.sftpHostKeySha256,
    ...(config.sftpPassword ? { password: config.sftpPassword } : {}),
    ...(config.sftpPrivateKey ? { privateKey: config.sftpPrivateKey } : {}),
  });
};

/** The outbound file of one delivery: named after the delivery key, so a retry finds what it wrote. */
export function fileName(key: string): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(key))
    throw configError('the delivery key cannot be used as a file name', { code: 'EDI_X12_KEY_INVALID' });
  return `940_${key}.x12`;
}

async function withTransport<T>(
  open: OpenTransport,
  config: ResolvedConfig,
  fn: (t: Transport) => Promise<T>,
): Promise<T> {
  const transport = await open(config);
  try {
    return await fn(transport);
  } finally {
    await transport.close();
  }
}

async function existing(
  transport: Transport,
  config: ResolvedConfig,
  key: string,
): Promise<RemoteRef | null> {
  const file = fileName(key);
  const marker = readMarker(await transport.readText(statePaths(config.statePath).sent(file)));
  // The partner may already have collected the file; the marker remembers it was sent.
  if (marker || (await transport.exists(joinPath(config.outboundPath, file))))
    return { remoteId: file, status: 'sent' };
  return null;
}

function byTimeThenName(a: FileInfo, b: FileInfo): number {
  return a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

async function recordRejections(
  ctx: ConnectorContext<EdiX12Config>,
  transport: Transport,
  config: ResolvedConfig,
  acks: Acknowledgement[],
): Promise<void> {
  const paths = statePaths(config.statePath);
  for (const ack of acks) {
    const marker: SentMarker | undefined = readMarker(
      await transport.readText(paths.control(ack.groupControlNumber)),
    );
    if (marker) ack.orderId = marker.orderId;
    if (!ack.rejected || ack.functionalId !== 'OW') continue;
    ctx.log.error(
      {
        code: 'EDI_X12_997_REJECTED',
        orderId: ack.orderId,
        groupControlNumber: ack.groupControlNumber,
        groupStatus: ack.groupStatus,
        sets: ack.sets,
      },
      'the warehouse rejected a 940 in its 997',
    );
    await transport.overwrite(
      paths.rejected(ack.groupControlNumber),
      JSON.stringify({ ...ack, receivedAt: ctx.clock.now().toISOString() }),
    );
  }
}

function checkFailure(error: unknown): CheckResult {
  if (error instanceof ConnectorError)
    return {
      ok: false,
      code: error.code,
      message: error.message,
      remedy:
        error.remedy ?? 'Check the connection settings and the partner’s server, then run the check again.',
    };
  throw error;
}

/** Builds the connector; `open` is replaceable so tests can inject transport faults. */
export function createEdiX12(
  open: OpenTransport = openTransport,
): DestinationDefinition<EdiX12Config, Edi940Payload> {
  return defineDestination<EdiX12Config, Edi940Payload>({
    kind: 'destination',
    meta: {
      id: 'edi-x12',
      version: '1.0.0',
      displayName: 'EDI X12 940/945 (warehouse)',
      apiVersion: 'X12 004010 (005010 by setting)',
      docsUrl: 'https://stedi.com/edi/x12-004010/940',
    },
    configSchema,

    idempotency: {
      mode: 'lookup-before-write',
      findExisting: (ctx, key) => {
        const config = resolveConfig(ctx.config);
        return withTransport(open, config, (t) => existing(t, config, key));
      },
    },

    fromCanonical: (order, ctx) => to940(order, ctx),

    async deliver(ctx, payload, info) {
      const config = resolveConfig(ctx.config);
      envelopeIds(config);
      const file = fileName(info.key);
      return withTransport(open, config, async (transport) => {
        const paths = statePaths(config.statePath);
        for (const dir of paths.dirs) await transport.ensureDir(dir);
        if (config.transport === 'local') await transport.ensureDir(config.outboundPath);
        const found = await existing(transport, config, info.key);
        if (found) return { ...found, status: 'duplicate' };
        const controlNumber = await nextControlNumber(transport, config.statePath, ctx.clock, (ms) =>
          ctx.sleep(ms),
        );
        const now = ctx.clock.now();
        const marker: SentMarker = {
          file,
          controlNumber,
          orderId: info.orderId,
          key: info.key,
          operation: info.operation,
          sentAt: now.toISOString(),
        };
        // The control index is written first so a 997 for this group can always be traced to its order.
        await transport.overwrite(paths.control(controlNumber), JSON.stringify(marker));
        const text = renderInterchange(payload, config, controlNumber, now, info.operation);
        const published = await transport.publish(joinPath(config.outboundPath, file), text);
        if (!published) return { remoteId: file, status: 'duplicate' };
        await transport.overwrite(paths.sent(file), JSON.stringify(marker));
        ctx.log.info({ file, controlNumber, operation: info.operation }, '940 published');
        return { remoteId: file, status: info.operation === 'cancel' ? 'cancel sent' : 'sent' };
      });
    },

    shipments: {
      async fetchPage(ctx, req): Promise<ShipmentPage> {
        const config = resolveConfig(ctx.config);
        const since = Date.parse(req.since);
        return withTransport(open, config, async (transport) => {
          const files = (await transport.list(config.inboundPath))
            .filter((f) => !f.name.startsWith('.') && f.mtimeMs >= since)
            .sort(byTimeThenName);
          const [afterTime, ...nameParts] = (req.pageToken ?? '').split('|');
          const afterName = nameParts.join('|');
          const start = req.pageToken
            ? files.findIndex(
                (f) => byTimeThenName(f, { name: afterName, mtimeMs: Number(afterTime), size: 0 }) > 0,
              )
            : 0;
          const slice = start < 0 ? [] : files.slice(start, start + PAGE_FILES);
          const shipments: ShipmentReport[] = [];
          const acknowledgements: Acknowledgement[] = [];
          for (const file of slice) {
            const content = await transport.readText(joinPath(config.inboundPath, file.name));
            if (content === null) continue;
            try {
              for (const tx of transactions(parseSegments(content).segments)) {
                if (tx.setId === '945') shipments.push(...shipmentsOf945(tx, config));
                else if (tx.setId === '997') acknowledgements.push(...acknowledgementsOf997(tx));
              }
            } catch (error) {
              if (!(error instanceof X12SyntaxError)) throw error;
              ctx.log.error(
                { code: 'EDI_X12_FILE_UNREADABLE', file: file.name, reason: error.message },
                'inbound file skipped',
              );
            }
          }
          await recordRejections(ctx, transport, config, acknowledgements);
          const last = slice[slice.length - 1];
          const more = start >= 0 && start + PAGE_FILES < files.length;
          const page: EdiShipmentPage = {
            shipments,
            acknowledgements,
            ...(more && last ? { nextPageToken: `${last.mtimeMs}|${last.name}` } : {}),
          };
          return page;
        });
      },
    },

    async check(ctx): Promise<CheckResult> {
      const config = resolveConfig(ctx.config);
      try {
        envelopeIds(config);
        return await withTransport(open, config, async (transport) => {
          if (config.transport === 'local') {
            await transport.ensureDir(config.outboundPath);
            await transport.ensureDir(config.inboundPath);
          }
          await transport.list(config.outboundPath);
          await transport.list(config.inboundPath);
          await transport.ensureDir(config.statePath);
          const probe = joinPath(config.statePath, `.check-${randomUUID()}`);
          await transport.overwrite(probe, 'ok');
          await transport.remove(probe);
          return {
            ok: true,
            detail: `Folders reachable over ${config.transport}; control numbers kept in ${config.statePath}.`,
          };
        });
      } catch (error) {
        return checkFailure(error);
      }
    },
  });
}

const ediX12 = createEdiX12();
export default ediX12;
