import { HubError } from '../core/errors';
import { ajv, validator } from '../core/validation';
import type { Hub } from '../hub';
import { audit } from '../pipeline/replay';
import { readRuleSet, validateRuleSet, type RuleSet } from './rules';

/** One saved version of the rule set: documents of kind `routes`, one per version. */
export interface RuleSetVersion {
  version: number;
  baseVersion: number;
  ruleSet: RuleSet;
  savedBy: string;
  savedAt: string;
  note: string | null;
}

export const ROUTES_KIND = 'routes';
const POINTER_KIND = 'routes-active';
const POINTER_ID = 'active';
/** Zero-padded so that ids sort like versions. */
export const versionDocId = (version: number) => `v${String(version).padStart(8, '0')}`;

const readEnvelope = validator<Omit<RuleSetVersion, 'ruleSet'> & { ruleSet: unknown }>(
  ajv.compile({
    type: 'object',
    required: ['version', 'baseVersion', 'ruleSet', 'savedBy', 'savedAt', 'note'],
    properties: {
      version: { type: 'integer', minimum: 1 },
      baseVersion: { type: 'integer', minimum: 0 },
      ruleSet: { type: 'object' },
      savedBy: { type: 'string' },
      savedAt: { type: 'string' },
      note: { type: ['string', 'null'] },
    },
  }),
);
const readPointer = validator<{ version: number }>(
  ajv.compile({
    type: 'object',
    required: ['version'],
    properties: { version: { type: 'integer', minimum: 0 } },
  }),
);

/** Reads a stored version back through its schema: a damaged document is an error, never a silent default. */
export async function getVersion(hub: Hub, version: number): Promise<RuleSetVersion | null> {
  const doc = await hub.store.getDoc(ROUTES_KIND, versionDocId(version));
  if (!doc) return null;
  const env = readEnvelope(doc.value);
  const ruleSet = env.ok ? readRuleSet(env.value.ruleSet) : undefined;
  if (!env.ok || !ruleSet) throw new Error(`stored routing rule set ${doc.id} does not match its schema`);
  return { ...env.value, ruleSet };
}

async function activeVersionNumber(hub: Hub): Promise<number> {
  const doc = await hub.store.getDoc(POINTER_KIND, POINTER_ID);
  if (!doc) return 0;
  const p = readPointer(doc.value);
  if (!p.ok) throw new Error('the active routing rule set pointer does not match its schema');
  return p.value.version;
}

/** The active rule set, or null when none was ever saved (then every enabled destination gets every order). */
export async function loadActive(hub: Hub): Promise<RuleSetVersion | null> {
  const version = await activeVersionNumber(hub);
  return version === 0 ? null : getVersion(hub, version);
}

const ACTIVE_TTL_MS = 1_000;
const cache = new WeakMap<Hub, { at: number; value: Promise<RuleSetVersion | null> }>();

/**
 * The active rule set, cached briefly per hub: routing reads it for every order. Other processes see a saved
 * version within the TTL; this process at once (saving drops the cache).
 */
export function activeRuleSet(hub: Hub): Promise<RuleSetVersion | null> {
  const hit = cache.get(hub);
  const t = Date.now();
  if (hit && t - hit.at <= ACTIVE_TTL_MS) return hit.value;
  const value = loadActive(hub);
  value.catch(() => cache.delete(hub));
  cache.set(hub, { at: t, value });
  return value;
}

/** What a rule set may name: destination connections and lookup tables. */
export async function knownNames(hub: Hub) {
  const destinations = await hub.store.listConnections({ kind: 'destination' });
  return { destinations: new Set(destinations.map((d) => d.id)), tables: new Set(Object.keys(hub.tables)) };
}

/**
 * Saves a new version replacing `baseVersion` (optimistic concurrency): 409 when another version became
 * active meanwhile. The version document is inserted only if its id is new, so two saves racing from the same
 * base cannot both win. The pointer moves last; a crash before it leaves an unused version, never a half state.
 */
export async function saveRuleSet(
  hub: Hub,
  input: { ruleSet: unknown; baseVersion: number; note?: string },
  actor: string,
): Promise<RuleSetVersion> {
  const checked = validateRuleSet(input.ruleSet, await knownNames(hub));
  if (!checked.ok)
    throw new HubError(
      'ROUTING_RULES_INVALID',
      undefined,
      checked.errors.map((e) => ({
        path: `body/ruleSet${e.path === '/' ? '' : e.path}`,
        message: e.message,
      })),
    );
  const active = await activeVersionNumber(hub);
  if (active !== input.baseVersion)
    throw new HubError(
      'ROUTING_VERSION_CONFLICT',
      `Version ${active} is active, not ${input.baseVersion}; reload and apply your change again.`,
    );
  const newest = (await hub.store.listDocs({ kind: ROUTES_KIND, limit: 1 })).items[0];
  const newestVersion = newest ? Number(newest.id.slice(1)) : 0;
  const version = Math.max(active, Number.isFinite(newestVersion) ? newestVersion : 0) + 1;
  const at = hub.now().toISOString();
  const saved: RuleSetVersion = {
    version,
    baseVersion: input.baseVersion,
    ruleSet: checked.value,
    savedBy: actor,
    savedAt: at,
    note: input.note ?? null,
  };
  if (!(await hub.store.insertDoc(ROUTES_KIND, versionDocId(version), saved, at)))
    throw new HubError('ROUTING_VERSION_CONFLICT', 'Another version was saved at the same time; reload.');
  if ((await activeVersionNumber(hub)) !== input.baseVersion)
    throw new HubError('ROUTING_VERSION_CONFLICT', 'Another version became active meanwhile; reload.');
  await hub.store.putDoc(POINTER_KIND, POINTER_ID, { version }, at);
  cache.delete(hub);
  await audit(hub, actor, 'routes.save', `routes:${versionDocId(version)}`, {
    version,
    baseVersion: input.baseVersion,
    rules: checked.value.rules.length,
    holds: checked.value.holds?.length ?? 0,
    note: saved.note,
  });
  return saved;
}
