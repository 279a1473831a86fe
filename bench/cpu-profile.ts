import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A line of the summary: where time went and how much of the busy (non-idle) time it was. */
export interface ProfileLine {
  name: string;
  ms: number;
  /** Share of the busy time in the window, %. */
  share: number;
}

export interface ProfileSummary {
  file: string;
  /** Whether the samples were cut to the measured window (false: the whole process life). */
  windowed: boolean;
  windowMs: number;
  busyMs: number;
  idleMs: number;
  /** Self time by package / repository file / runtime bucket. */
  byArea: ProfileLine[];
  /** Self time by function. */
  bySelf: ProfileLine[];
  /** Inclusive time of the repository's own functions (src/, connectors/). */
  byInclusive: ProfileLine[];
}

function isProfile(value: unknown): value is CpuProfile {
  if (typeof value !== 'object' || value === null) return false;
  return (
    'nodes' in value &&
    Array.isArray(value.nodes) &&
    'samples' in value &&
    Array.isArray(value.samples) &&
    'timeDeltas' in value &&
    Array.isArray(value.timeDeltas) &&
    'startTime' in value &&
    typeof value.startTime === 'number'
  );
}

function area(frame: CallFrame, root: string): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) {
    const parts = url.slice(5).split('/');
    return `node:${parts.slice(0, parts[0] === 'internal' ? 2 : 1).join('/')}`;
  }
  const path = url.startsWith('file://') ? decodeURIComponent(url.slice(7)) : url;
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? path);
  }
  return relative(root, path);
}

function frameName(frame: CallFrame, root: string): string {
  const where = area(frame, root);
  const fn = frame.functionName || '(anonymous)';
  if (!frame.url) return fn;
  // The repository's TypeScript runs through tsx, whose generated line numbers do not match the source.
  if (where.endsWith('.ts')) return `${fn}  ${where}`;
  return `${fn}  ${where}:${frame.lineNumber + 1}`;
}

function top(map: Map<string, number>, busyMs: number, n: number): ProfileLine[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({ name, ms: us / 1000, share: busyMs > 0 ? (us / 1000 / busyMs) * 100 : 0 }));
}

// '(program)' is VM work outside JS (compiling, embedder): busy, not idle.
const IDLE = new Set(['(idle)', '(root)']);

/**
 * Summarises a V8 CPU profile. `windowUs` (monotonic µs, the clock of `process.hrtime`, which V8's profile
 * timestamps share on Linux) keeps only the samples of the measured phases.
 */
export function summarizeProfile(
  file: string,
  root: string,
  windowUs: [number, number] | null,
): ProfileSummary {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isProfile(parsed)) throw new Error(`${file} is not a V8 CPU profile`);
  const nodes = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of parsed.nodes) {
    nodes.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const inWindow = (t: number): boolean => !windowUs || (t >= windowUs[0] && t <= windowUs[1]);
  // Keep the window only if it actually holds samples (the clocks may differ elsewhere than Linux).
  let windowed = windowUs !== null;
  if (windowed) {
    let t = parsed.startTime;
    let any = false;
    for (const delta of parsed.timeDeltas) {
      t += delta;
      if (inWindow(t)) {
        any = true;
        break;
      }
    }
    windowed = any;
  }
  const selfByArea = new Map<string, number>();
  const selfByFn = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busyUs = 0;
  let idleUs = 0;
  let t = parsed.startTime;
  let first = Number.NaN;
  let last = Number.NaN;
  parsed.samples.forEach((id, i) => {
    const delta = parsed.timeDeltas[i] ?? 0;
    t += delta;
    if (windowed && !inWindow(t)) return;
    if (Number.isNaN(first)) first = t;
    last = t;
    const node = nodes.get(id);
    if (!node) return;
    const fn = node.callFrame.functionName;
    if (!node.callFrame.url && IDLE.has(fn)) {
      idleUs += delta;
      return;
    }
    busyUs += delta;
    const a = area(node.callFrame, root);
    selfByArea.set(a, (selfByArea.get(a) ?? 0) + delta);
    const name = frameName(node.callFrame, root);
    selfByFn.set(name, (selfByFn.get(name) ?? 0) + delta);
    const counted = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = nodes.get(cur)?.callFrame;
      if (!frame?.url) continue;
      const where = area(frame, root);
      if (!where.startsWith('src/') && !where.startsWith('connectors/')) continue;
      const key = frameName(frame, root);
      if (counted.has(key)) continue;
      counted.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + delta);
    }
  });
  const busyMs = busyUs / 1000;
  return {
    file,
    windowed,
    windowMs: (last - first) / 1000,
    busyMs,
    idleMs: idleUs / 1000,
    byArea: top(selfByArea, busyMs, 15),
    bySelf: top(selfByFn, busyMs, 20),
    byInclusive: top(inclusive, busyMs, 20),
  };
}
