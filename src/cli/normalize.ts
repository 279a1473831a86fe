import { readFile } from 'node:fs/promises';
import { HubError } from '../core/errors';
import { orderId } from '../core/ids';
import { completeOrder } from '../core/order';
import { checkTotals } from '../core/totals';
import { validateCanonicalOrder } from '../core/validation';
import { loadTables } from '../pipeline/tables';
import { discoverConnectors } from '../registry';
import { MappingError } from '../sdk/errors';

async function readInput(file: string): Promise<string> {
  if (file !== '-') return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `orderhub normalize <connector-id> <file|->`: maps one raw record as the channel sends it and prints the
 * canonical order (exit 0), or the error code and reason (exit 1). Nothing is stored or sent.
 */
export async function normalizeCommand(
  connectorId: string,
  file: string,
  out = process.stdout,
  err = process.stderr,
): Promise<number> {
  const fail = (code: string, reason: string) => {
    err.write(`${code}: ${reason}\n`);
    return 1;
  };
  const registry = await discoverConnectors();
  const definition = registry.source(connectorId);
  if (!definition)
    return fail('CONNECTOR_UNKNOWN', `no source connector "${connectorId}" (see: orderhub connectors list)`);
  let raw: unknown;
  try {
    raw = JSON.parse(await readInput(file));
  } catch (error) {
    return fail('API_INVALID_JSON', error instanceof Error ? error.message : 'unreadable input');
  }
  try {
    const { externalId } = definition.identify(raw);
    const draft = definition.toCanonical(raw, {
      connectionId: 'cli',
      config: {},
      tables: await loadTables(),
    });
    const order = completeOrder(
      { ...draft, channel: { ...draft.channel, connectionId: 'cli' } },
      orderId('cli', externalId),
      1,
    );
    const valid = validateCanonicalOrder(order);
    if (!valid.ok)
      return fail('CANONICAL_INVALID', valid.errors.map((e) => `${e.path} ${e.message}`).join('; '));
    out.write(`${JSON.stringify(order, null, 2)}\n`);
    const off = checkTotals(order);
    if (off.length)
      return fail(
        'ORDER_TOTALS_MISMATCH',
        off.map((d) => `${d.check} at ${d.where}: expected ${d.expected}, got ${d.actual}`).join('; '),
      );
    return 0;
  } catch (error) {
    if (error instanceof MappingError || error instanceof HubError) return fail(error.code, error.message);
    return fail('MAPPING_FAILED', error instanceof Error ? error.message : 'mapping failed');
  }
}
