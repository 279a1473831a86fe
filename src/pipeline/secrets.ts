import type { ConfigSchema } from '../sdk/define';

/** Names of the top-level config properties a connector marks `writeOnly` (its secrets). */
export function secretFieldNames(schema: ConfigSchema): string[] {
  return Object.entries(schema.properties)
    .filter(([, prop]) => 'writeOnly' in prop && prop.writeOnly === true)
    .map(([name]) => name);
}

/** Splits a full config into the part stored in clear and the secrets to seal. */
export function splitSecrets(
  schema: ConfigSchema,
  config: Record<string, unknown>,
): { plain: Record<string, unknown>; secrets: Record<string, unknown> } {
  const names = new Set(secretFieldNames(schema));
  const plain: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) (names.has(k) ? secrets : plain)[k] = v;
  return { plain, secrets };
}
