import { Command } from 'commander';
import { discoverConnectors } from '../registry';
import { normalizeCommand } from './normalize';
import { replayCommand } from './replay';
import { runUntilSignal } from './run';
import { scaffoldCommand } from './scaffold';

/** The `orderhub` command. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command('orderhub')
    .description('OrderHub: pull orders from every channel, normalize, route and deliver them.')
    .exitOverride();

  program
    .command('start')
    .description('API, workers and sweeper in one process (default)')
    .action(async () => {
      code = await runUntilSignal('all');
    });
  program
    .command('api')
    .description('HTTP API and webhook intake only')
    .action(async () => {
      code = await runUntilSignal('api');
    });
  program
    .command('worker')
    .description('queue workers, sweeper and poll schedules only')
    .action(async () => {
      code = await runUntilSignal('worker');
    });
  program
    .command('normalize')
    .description('print the canonical order for one raw channel record (file or - for stdin)')
    .argument('<connector-id>')
    .argument('<file>')
    .option('--config <file>', 'a JSON file with the connection settings the mapping reads')
    .action(async (connectorId: string, file: string, opts: { config?: string }) => {
      code = await normalizeCommand(connectorId, file, process.stdout, process.stderr, {
        ...(opts.config ? { configFile: opts.config } : {}),
      });
    });
  program
    .command('replay')
    .description('replay an exception: re-normalize, release a held order, or retry its delivery')
    .argument('<exception-id>')
    .option('--payload <file>', 'a JSON file with the corrected channel record')
    .option('--release', 'send a held order on as it is')
    .option('--note <text>', 'a note for the audit log')
    .action(async (id: string, opts: { payload?: string; release?: boolean; note?: string }) => {
      code = await replayCommand(id, opts, process.stdout, process.stderr);
    });
  const connectors = program.command('connectors').description('installed connectors');
  connectors
    .command('list')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const all = (await discoverConnectors()).all().map((d) => ({
        id: d.meta.id,
        kind: d.kind,
        version: d.meta.version,
        apiVersion: d.meta.apiVersion,
        name: d.meta.displayName,
      }));
      if (opts.json) console.log(JSON.stringify(all, null, 2));
      else
        for (const c of all)
          console.log(
            `${c.id.padEnd(18)} ${c.kind.padEnd(12)} v${c.version.padEnd(8)} api ${c.apiVersion.padEnd(12)} ${c.name}`,
          );
    });
  connectors
    .command('new')
    .description('scaffold connectors/<id>/ and fixtures/<id>/ for a new connector')
    .argument('<id>', 'kebab-case connector id, e.g. acme-shop')
    .requiredOption('--kind <kind>', 'source or destination')
    .option('--name <name>', 'display name (default: the id, capitalised)')
    .option('--dir <path>', 'repository root to write into (default: this project)')
    .action(async (id: string, opts: { kind: string; name?: string; dir?: string }) => {
      code = await scaffoldCommand({ id, ...opts });
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error && typeof error === 'object' && 'exitCode' in error) return Number(error.exitCode);
    // Anything else (a connector that fails to load, a store that cannot open) must not end silently.
    process.stderr.write(`orderhub: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  return code;
}
