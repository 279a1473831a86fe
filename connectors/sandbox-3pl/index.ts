import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  configError,
  ConnectorError,
  defineDestination,
  rejectedError,
  transientError,
  type CheckResult,
} from '../../src/sdk';
import { appendOnce, ledgerPath } from './ledger';
import { toWarehouseOrder, type WarehouseOrder } from './warehouse-order';

export type { WarehouseOrder } from './warehouse-order';
export { readLedger, ledgerPath, type LedgerEntry } from './ledger';

/** Settings of a sandbox-3pl connection. */
export interface Sandbox3plConfig {
  /** Folder of the ledger files. Default `./data/sandbox-3pl`. */
  directory?: string;
  /** Share (0–1) of delivery attempts that fail with a transient error. Default 0. */
  failureRate?: number;
  /** SKUs the warehouse refuses (rejected: the order is quarantined). */
  rejectSkus?: string[];
  /** Seconds after which an accepted order counts as shipped, for shipment read-back. */
  shipAfterSeconds?: number;
}

/** Default ledger folder, relative to the hub's working directory (`data/` is git-ignored). */
export const DEFAULT_DIRECTORY = './data/sandbox-3pl';

const NOT_WRITABLE_REMEDY =
  'Set `directory` to a folder the hub’s user can create and write, or fix the folder’s permissions.';

/** The warehouse's own order id: stable per hub order, so every revision updates the same warehouse order. */
function warehouseId(connectionId: string, orderId: string): string {
  return `WH-${createHash('sha256').update(`${connectionId}\u0000${orderId}`).digest('hex').slice(0, 12).toUpperCase()}`;
}

function connectionFile(directory: string, connectionId: string): string {
  // The connection id becomes a file name: refuse anything that could climb out of the folder.
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(connectionId)) {
    throw configError('the connection id cannot be used as a ledger file name', {
      code: 'SANDBOX_3PL_CONNECTION_ID',
    });
  }
  return ledgerPath(directory, connectionId);
}

function fsFailure(error: unknown): ConnectorError {
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
  if (['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR'].includes(code)) {
    return configError(`the ledger cannot be written (${code})`, {
      code: 'SANDBOX_3PL_DIRECTORY_NOT_WRITABLE',
      remedy: NOT_WRITABLE_REMEDY,
      cause: error,
    });
  }
  return transientError(`the ledger write failed (${code || 'unknown'})`, {
    code: 'SANDBOX_3PL_WRITE_FAILED',
    cause: error,
  });
}

/**
 * A simulated 3PL warehouse for demos: each connection keeps its accepted orders in an append-only JSON Lines
 * ledger, dedupes on the delivery key, and can be told to fail (retries) or refuse SKUs (quarantine).
 */
const sandbox3pl = defineDestination<Sandbox3plConfig, WarehouseOrder>({
  kind: 'destination',
  meta: {
    id: 'sandbox-3pl',
    version: '1.0.0',
    displayName: 'Sandbox 3PL (simulated warehouse)',
    apiVersion: 'sandbox-1',
    docsUrl: 'https://github.com/orderhub/orderhub/blob/main/connectors/sandbox-3pl/README.md',
  },
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      directory: {
        type: 'string',
        minLength: 1,
        maxLength: 1000,
        default: DEFAULT_DIRECTORY,
        description: 'Folder of the ledger files, one `<connection id>.jsonl` per connection.',
      },
      failureRate: {
        type: 'number',
        minimum: 0,
        maximum: 1,
        default: 0,
        description: 'Share of delivery attempts that fail with a transient error (to demo retries).',
      },
      rejectSkus: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        uniqueItems: true,
        maxItems: 1000,
        default: [],
        description: 'SKUs the warehouse refuses; orders containing them are rejected (to demo quarantine).',
      },
      shipAfterSeconds: {
        type: 'integer',
        minimum: 0,
        maximum: 86_400 * 30,
        description:
          'An accepted order counts as shipped this long after it was received (shipment read-back).',
      },
    },
  },

  idempotency: { mode: 'native-key' },

  fromCanonical(order) {
    return toWarehouseOrder(order);
  },

  async deliver(ctx, order, info) {
    const { config } = ctx;
    const refused = new Set(config.rejectSkus ?? []);
    const line = order.lines.find((l) => refused.has(l.sku));
    if (line) {
      throw rejectedError(`the warehouse refuses the SKU on pick line ${line.lineNo}`, {
        code: 'SANDBOX_3PL_SKU_REFUSED',
        remedy:
          'The SKU is listed in this connection’s rejectSkus: remove it there, or fix the order and replay it.',
      });
    }
    const failureRate = config.failureRate ?? 0;
    const failing = failureRate > 0 && Math.random() < failureRate;
    // Half the simulated failures happen after the ledger write, like an answer lost on the way back: the retry
    // then meets its own key, which is what the idempotency is for.
    const afterWrite = failing && Math.random() < 0.5;
    if (failing && !afterWrite) {
      throw transientError('the warehouse is temporarily unavailable (simulated)', {
        code: 'SANDBOX_3PL_UNAVAILABLE',
      });
    }
    const directory = config.directory ?? DEFAULT_DIRECTORY;
    const path = connectionFile(directory, ctx.connectionId);
    const remoteId = warehouseId(ctx.connectionId, info.orderId);
    let result;
    try {
      result = await appendOnce(directory, path, {
        key: info.key,
        receivedAt: ctx.clock.now().toISOString(),
        operation: info.operation,
        remoteId,
        order,
      });
    } catch (error) {
      throw error instanceof ConnectorError ? error : fsFailure(error);
    }
    if (afterWrite) {
      throw transientError('the warehouse answer was lost (simulated)', { code: 'SANDBOX_3PL_ANSWER_LOST' });
    }
    if (!result.written) return { remoteId: result.remoteId, status: 'duplicate' };
    return { remoteId, status: info.operation === 'cancel' ? 'cancelled' : 'accepted' };
  },

  async check(ctx): Promise<CheckResult> {
    const directory = ctx.config.directory ?? DEFAULT_DIRECTORY;
    const probe = join(directory, `.orderhub-check-${randomUUID()}`);
    try {
      await mkdir(directory, { recursive: true });
      await writeFile(probe, 'ok');
      await rm(probe, { force: true });
      return { ok: true, detail: `Ledger folder is writable: ${directory}` };
    } catch (error) {
      const code =
        error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'error';
      return {
        ok: false,
        code: 'SANDBOX_3PL_DIRECTORY_NOT_WRITABLE',
        message: `The ledger folder cannot be written (${code}).`,
        remedy: NOT_WRITABLE_REMEDY,
      };
    }
  },
});

export default sandbox3pl;
