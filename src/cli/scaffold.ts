import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { destinationClient, destinationIndex, destinationMapping } from './scaffold-destination';
import { destinationTest } from './scaffold-destination-test';
import { exampleCanonical, exampleOrder, examplePayload, exampleRaw, json } from './scaffold-fixtures';
import { sourceClient, sourceIndex, sourceTest } from './scaffold-source';
import { sourceMapping, sourceRaw } from './scaffold-source-mapping';
import {
  CONNECTOR_ID_PATTERN,
  configTemplate,
  destinationReadme,
  namesFor,
  sourceReadme,
  type FileSet,
} from './scaffold-templates';

/** The repository this CLI runs from: the default target of `connectors new`. */
export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

/** What `orderhub connectors new` was asked for. */
export interface ScaffoldOptions {
  id: string;
  /** `source` or `destination`; anything else is refused. */
  kind: string;
  /** Display name; default: the id's words capitalised. */
  name?: string;
  /** Repository root to write into. Default: `PROJECT_ROOT`. */
  dir?: string;
}

/** A request the scaffolder refuses; the CLI answers it with exit code 2. */
export class ScaffoldRefusal extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ScaffoldRefusal';
    this.code = code;
  }
}

/** The files of a new connector and its fixtures, by path relative to the repository root. */
export function connectorFiles(id: string, kind: 'source' | 'destination', name?: string): FileSet {
  const n = namesFor(id, name);
  const c = `connectors/${id}`;
  const f = `fixtures/${id}`;
  if (kind === 'source') {
    return {
      [`${c}/index.ts`]: sourceIndex(n),
      [`${c}/config.ts`]: configTemplate(n, 'source'),
      [`${c}/client.ts`]: sourceClient(n),
      [`${c}/raw.ts`]: sourceRaw(n),
      [`${c}/mapping.ts`]: sourceMapping(n),
      [`${c}/${id}.test.ts`]: sourceTest(n),
      [`${c}/README.md`]: sourceReadme(n),
      [`${f}/orders/example.json`]: json(exampleRaw()),
      [`${f}/orders/example.canonical.json`]: json(exampleCanonical(id)),
    };
  }
  return {
    [`${c}/index.ts`]: destinationIndex(n),
    [`${c}/config.ts`]: configTemplate(n, 'destination'),
    [`${c}/client.ts`]: destinationClient(n),
    [`${c}/mapping.ts`]: destinationMapping(n),
    [`${c}/${id}.test.ts`]: destinationTest(n),
    [`${c}/README.md`]: destinationReadme(n),
    [`${f}/outbound/example.canonical.json`]: json(exampleOrder()),
    [`${f}/outbound/example.payload.json`]: json(examplePayload()),
  };
}

function validate(options: ScaffoldOptions, root: string): 'source' | 'destination' {
  const { id, kind, name } = options;
  if (!CONNECTOR_ID_PATTERN.test(id) || id.length > 40) {
    throw new ScaffoldRefusal(
      'SCAFFOLD_ID_INVALID',
      `"${id}" is not a connector id: use kebab-case, a lower-case letter first, at most 40 characters (e.g. acme-shop)`,
    );
  }
  if (kind !== 'source' && kind !== 'destination')
    throw new ScaffoldRefusal('SCAFFOLD_KIND_INVALID', `--kind must be source or destination, not "${kind}"`);
  // The name lands in code strings, comments and Markdown: keep it to one plain line.
  if (
    name !== undefined &&
    (name.trim().length === 0 || name.length > 80 || /[\p{Cc}`]|\*\/|\$\{/u.test(name))
  )
    throw new ScaffoldRefusal('SCAFFOLD_NAME_INVALID', '--name must be one line of 1–80 plain characters');
  if (!existsSync(join(root, 'connectors')) || !statSync(join(root, 'connectors')).isDirectory())
    throw new ScaffoldRefusal(
      'SCAFFOLD_NOT_A_REPO',
      `${root} has no connectors/ folder: point --dir at the repository root`,
    );
  for (const folder of ['connectors', 'fixtures']) {
    if (existsSync(join(root, folder, id)))
      throw new ScaffoldRefusal(
        'SCAFFOLD_EXISTS',
        `${folder}/${id} already exists: pick another id or remove it first`,
      );
  }
  return kind;
}

/** Formats like `npm run format` would; the scaffold stays usable (unformatted) where prettier is absent. */
async function formatter(root: string): Promise<(file: string, text: string) => Promise<string>> {
  try {
    const prettier = await import('prettier');
    const options =
      (await prettier.resolveConfig(join(root, 'package.json'))) ??
      (await prettier.resolveConfig(join(PROJECT_ROOT, 'package.json'))) ??
      {};
    return (file, text) => prettier.format(text, { ...options, filepath: file });
  } catch {
    return async (_file, text) => text;
  }
}

/** Writes a new connector and its fixtures; returns the written paths relative to the root. */
export async function scaffoldConnector(options: ScaffoldOptions): Promise<string[]> {
  const root = resolve(options.dir ?? PROJECT_ROOT);
  const kind = validate(options, root);
  const files = connectorFiles(options.id, kind, options.name);
  const format = await formatter(root);
  const formatted: [string, string][] = [];
  // Format everything before writing anything: a template error must not leave half a connector behind.
  for (const [path, text] of Object.entries(files))
    formatted.push([path, await format(join(root, path), text)]);
  for (const [path, text] of formatted) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text, { flag: 'wx' });
  }
  return formatted.map(([path]) => path);
}

/** Where the command writes its messages (process.stdout / stderr, or a test's collector). */
export interface Output {
  write(text: string): unknown;
}

/** `orderhub connectors new`: 0 when written, 2 when refused. */
export async function scaffoldCommand(
  options: ScaffoldOptions,
  out: Output = process.stdout,
  err: Output = process.stderr,
): Promise<number> {
  try {
    const written = await scaffoldConnector(options);
    out.write(`Created ${options.kind} connector ${options.id}:\n${written.map((p) => `  ${p}\n`).join('')}`);
    out.write(
      `Next: fill in the TODOs, then\n  npx vitest run connectors/${options.id}\n` +
        `  npx vitest run test/connectors/contract.test.ts -t "connector ${options.id}"\n` +
        '  See docs/writing-a-connector.md.\n',
    );
    return 0;
  } catch (error) {
    if (!(error instanceof ScaffoldRefusal)) throw error;
    err.write(`${error.code}: ${error.message}\n`);
    return 2;
  }
}
