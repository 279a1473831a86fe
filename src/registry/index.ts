import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DestinationDefinition, SourceDefinition } from '../sdk/define';

export type AnySource = SourceDefinition<unknown>;
export type AnyDestination = DestinationDefinition<unknown, unknown>;
export type AnyDefinition = AnySource | AnyDestination;

/** The installed connectors, by id. */
export class Registry {
  private readonly byId = new Map<string, AnyDefinition>();

  constructor(definitions: Iterable<AnyDefinition> = []) {
    for (const d of definitions) this.add(d);
  }

  add(definition: AnyDefinition): void {
    if (this.byId.has(definition.meta.id)) throw new Error(`duplicate connector id ${definition.meta.id}`);
    this.byId.set(definition.meta.id, definition);
  }

  get(id: string): AnyDefinition | undefined {
    return this.byId.get(id);
  }

  source(id: string): AnySource | undefined {
    const d = this.byId.get(id);
    return d?.kind === 'source' ? d : undefined;
  }

  destination(id: string): AnyDestination | undefined {
    const d = this.byId.get(id);
    return d?.kind === 'destination' ? d : undefined;
  }

  all(): AnyDefinition[] {
    return [...this.byId.values()].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
  }
}

export const CONNECTORS_DIR = resolve(import.meta.dirname, '../../connectors');

function isDefinition(value: unknown): value is AnyDefinition {
  return (
    typeof value === 'object' &&
    value !== null &&
    'kind' in value &&
    (value.kind === 'source' || value.kind === 'destination') &&
    'meta' in value
  );
}

/** Loads every `connectors/<id>/index.ts` whose default export is a connector definition. */
export async function discoverConnectors(dir = CONNECTORS_DIR): Promise<Registry> {
  const registry = new Registry();
  for (const name of (await readdir(dir)).sort()) {
    const entry = join(dir, name, 'index.ts');
    if (!(await stat(entry).catch(() => null))?.isFile()) continue;
    const mod: { default?: unknown } = await import(pathToFileURL(entry).href);
    if (!isDefinition(mod.default))
      throw new Error(`connectors/${name}/index.ts does not export a connector definition`);
    if (mod.default.meta.id !== name)
      throw new Error(`connectors/${name} declares id ${mod.default.meta.id}`);
    registry.add(mod.default);
  }
  return registry;
}
