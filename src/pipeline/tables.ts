import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { LookupTables } from '../sdk/context';

export const MAPPINGS_DIR = resolve(import.meta.dirname, '../../mappings');

/**
 * Loads the lookup tables shipped in `mappings/` (`<table>.json`, a flat object of string → string). A
 * malformed table stops the start: a half-read SKU map would route goods wrongly.
 */
export async function loadTables(dir = MAPPINGS_DIR): Promise<LookupTables> {
  const tables: Record<string, Record<string, string>> = {};
  for (const file of (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.json')).sort()) {
    const parsed: unknown = JSON.parse(await readFile(join(dir, file), 'utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error(`mappings/${file} must be a JSON object`);
    const table: Record<string, string> = {};
    for (const [k, v] of Object.entries(parsed)) {
      if (k === '$comment') continue;
      if (typeof v !== 'string') throw new Error(`mappings/${file}: value of "${k}" must be a string`);
      table[k] = v;
    }
    tables[file.slice(0, -'.json'.length)] = table;
  }
  return tables;
}
