import { parseArgs } from 'node:util';
import type { Topology } from './hub-cluster';

/** Command-line options of `npm run bench`. */
export interface BenchOptions {
  /** Orders of the full-speed phase ("ingest" and "end to end"). */
  orders: number;
  /** Webhook requests in flight during the full-speed phase. */
  concurrency: number;
  /** Orders sent (and delivered) before measuring, to warm the JIT, caches and connection pools. */
  warmup: number;
  /** Orders of the paced "half load" phase; 0 skips it. */
  halfOrders: number;
  /** Rate of the paced phase in orders/s; default half the measured ingest rate. */
  halfRate: number | null;
  /** Longest wait for a phase's deliveries, in seconds. */
  timeoutS: number;
  /** Pause after the last phase to catch late duplicates, in seconds. */
  settleS: number;
  /** `ORDERHUB_DELIVERY_CONCURRENCY` for the hub; default: the hub's own default. */
  deliveryConcurrency: number | null;
  /** Directory for a V8 CPU profile of the hub (`--cpu-prof`); summarised after the run. */
  cpuProf: string | null;
  /** Print the queue-depth timeline. */
  depths: boolean;
  /** Run the hub as `orderhub api` (no workers): measures the ingest path alone; nothing is delivered. */
  ingestOnly: boolean;
  /** `single`: one `orderhub start`; `split`: one `orderhub api` + `workers` × `orderhub worker`. */
  topology: Topology;
  /** Worker processes of the `split` topology. */
  workers: number;
  json: boolean;
  redisUrl: string;
}

export const USAGE = `usage: npm run bench -- [options]

  --orders N                 orders of the full-speed phase (default 5000)
  --concurrency C            webhook requests in flight during it (default 64)
  --warmup W                 orders delivered before measuring (default 200; 0 = none)
  --half-orders M            orders of the paced half-load phase (default 2000; 0 = skip)
  --half-rate R              pace of that phase in orders/s (default: half the measured ingest rate)
  --timeout S                longest wait for a phase's deliveries (default 120)
  --settle S                 wait after the last phase for late duplicates (default 2)
  --delivery-concurrency D   ORDERHUB_DELIVERY_CONCURRENCY for the hub (default: the hub's default)
  --topology T               single: one \`orderhub start\` (default); split: one \`orderhub api\`
                             plus --workers \`orderhub worker\` processes on the same data dir and Redis
  --workers N                worker processes of --topology split (default 1)
  --cpu-prof DIR             write a V8 CPU profile of each hub process into DIR and summarise them
  --depths                   print the queue-depth timeline
  --ingest-only              run \`orderhub api\` (no workers): the ingest path alone, nothing delivered
  --json                     print one JSON object instead of the table
  -h, --help                 this text

Environment: REDIS_URL (default redis://127.0.0.1:6379).`;

function count(value: string | undefined, fallback: number, name: string, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return n;
}

function positive(value: string | undefined, name: string): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
}

/** Parses argv; returns null after printing usage for `--help`. */
export function parseOptions(argv: string[]): BenchOptions | null {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      orders: { type: 'string' },
      concurrency: { type: 'string' },
      warmup: { type: 'string' },
      'half-orders': { type: 'string' },
      'half-rate': { type: 'string' },
      timeout: { type: 'string' },
      settle: { type: 'string' },
      'delivery-concurrency': { type: 'string' },
      'cpu-prof': { type: 'string' },
      topology: { type: 'string' },
      workers: { type: 'string' },
      depths: { type: 'boolean' },
      'ingest-only': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return null;
  }
  const topology = values.topology ?? 'single';
  if (topology !== 'single' && topology !== 'split') throw new Error('--topology must be single or split');
  if (values.workers !== undefined && topology !== 'split')
    throw new Error('--workers needs --topology split');
  if (values['ingest-only'] && topology === 'split')
    throw new Error('--ingest-only runs one `orderhub api` alone: it does not combine with --topology split');
  return {
    orders: count(values.orders, 5000, 'orders', 1),
    concurrency: count(values.concurrency, 64, 'concurrency', 1),
    warmup: count(values.warmup, 200, 'warmup'),
    halfOrders: count(values['half-orders'], 2000, 'half-orders'),
    halfRate: positive(values['half-rate'], 'half-rate'),
    timeoutS: count(values.timeout, 120, 'timeout', 1),
    settleS: count(values.settle, 2, 'settle'),
    deliveryConcurrency:
      values['delivery-concurrency'] === undefined
        ? null
        : count(values['delivery-concurrency'], 32, 'delivery-concurrency', 1),
    cpuProf: values['cpu-prof'] ?? null,
    depths: values.depths ?? false,
    ingestOnly: values['ingest-only'] ?? false,
    topology,
    workers: count(values.workers, 1, 'workers', 1),
    json: values.json ?? false,
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  };
}
