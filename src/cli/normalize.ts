import { readFile } from 'node:fs/promises';
import { dryRun } from '../pipeline/dry-run';
import { loadTables } from '../pipeline/tables';
import { discoverConnectors } from '../registry';

async function readInput(file: string): Promise<string> {
  if (file !== '-') return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `orderhub normalize <connector-id> <file|-> [--config <file>]`: maps one raw record as the channel sends it and
 * prints the canonical order (exit 0), or the error code and reason (exit 1). Nothing is stored or sent.
 */
export async function normalizeCommand(
  connectorId: string,
  file: string,
  out = process.stdout,
  err = process.stderr,
  options: { configFile?: string } = {},
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
  let config: Record<string, unknown> = {};
  try {
    // Some mappings read settings (a store's currency, a timezone): --config gives a connection's config.
    if (options.configFile) config = JSON.parse(await readFile(options.configFile, 'utf8'));
    raw = JSON.parse(await readInput(file));
  } catch (error) {
    return fail('API_INVALID_JSON', error instanceof Error ? error.message : 'unreadable input');
  }
  const result = dryRun(definition, raw, { connectionId: 'cli', config, tables: await loadTables() });
  if (result.order) out.write(`${JSON.stringify(result.order, null, 2)}\n`);
  return result.ok ? 0 : fail(result.code, result.message);
}
