import { HubError } from '../core/errors';
import { randomId } from '../core/ids';
import { compileSchema } from '../core/validation';
import type { AnyDefinition, Registry } from '../registry';
import type { ConnectorError } from '../sdk/errors';
import type { SecretBox } from '../store/crypto';
import type { Store } from '../store/port';
import type { ConnectionRecord } from '../store/types';
import { secretFieldNames, splitSecrets } from './secrets';

/** A connection as the API shows it: secrets only as the names of the fields that are set. */
export interface ConnectionView {
  id: string;
  connector: string;
  kind: 'source' | 'destination';
  name: string;
  enabled: boolean;
  config: Record<string, unknown>;
  secretsSet: string[];
  health: { state: string; code: string | null; message: string | null; at: string | null };
  webhookPath: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A connection with its full config (secrets opened), as connectors receive it. */
export interface ResolvedConnection {
  record: ConnectionRecord;
  definition: AnyDefinition;
  config: Record<string, unknown>;
}

const CACHE_TTL_MS = 5_000;

/**
 * Creates, changes and opens connections. Config is validated against the connector's schema; `writeOnly`
 * fields are sealed with AES-256-GCM bound to the connection id and never leave through `view`.
 */
export class ConnectionService {
  private readonly cache = new Map<string, { at: number; value: ResolvedConnection }>();

  constructor(
    private readonly store: Store,
    private readonly registry: Registry,
    private readonly box: SecretBox,
    private readonly now: () => Date,
  ) {}

  private definition(connector: string): AnyDefinition {
    const d = this.registry.get(connector);
    if (!d) throw new HubError('CONNECTOR_UNKNOWN', `No connector "${connector}" is installed.`);
    return d;
  }

  private validate(definition: AnyDefinition, config: Record<string, unknown>): void {
    const result = compileSchema<Record<string, unknown>>(definition.configSchema)(config);
    if (!result.ok) {
      throw new HubError(
        'CONNECTION_CONFIG_INVALID',
        `Config does not match ${definition.meta.id}'s schema.`,
        result.errors,
      );
    }
  }

  private seal(id: string, secrets: Record<string, unknown>): string | null {
    return Object.keys(secrets).length ? this.box.seal(JSON.stringify(secrets), id) : null;
  }

  private open(record: ConnectionRecord): Record<string, unknown> {
    if (!record.secrets) return {};
    const parsed: unknown = JSON.parse(this.box.open(record.secrets, record.id));
    return parsed && typeof parsed === 'object' ? { ...parsed } : {};
  }

  async create(input: {
    connector: string;
    name: string;
    config: Record<string, unknown>;
    enabled?: boolean;
  }): Promise<ConnectionRecord> {
    const definition = this.definition(input.connector);
    this.validate(definition, input.config);
    const id = randomId('con');
    const { plain, secrets } = splitSecrets(definition.configSchema, input.config);
    const at = this.now().toISOString();
    const record: ConnectionRecord = {
      id,
      connector: definition.meta.id,
      kind: definition.kind,
      name: input.name,
      enabled: input.enabled ?? true,
      config: plain,
      secrets: this.seal(id, secrets),
      secretFields: Object.keys(secrets).sort(),
      health: 'unknown',
      healthCode: null,
      healthMessage: null,
      healthAt: null,
      createdAt: at,
      updatedAt: at,
    };
    await this.store.insertConnection(record);
    return record;
  }

  /** Applies a partial change; config keys given replace the stored ones, `null` removes an optional key. */
  async update(
    id: string,
    patch: { name?: string; enabled?: boolean; config?: Record<string, unknown> },
  ): Promise<ConnectionRecord> {
    const record = await this.store.getConnection(id);
    if (!record) throw new HubError('API_NOT_FOUND', 'No such connection.');
    const definition = this.definition(record.connector);
    let configPatch = {};
    if (patch.config) {
      const merged: Record<string, unknown> = { ...record.config, ...this.open(record), ...patch.config };
      for (const [k, v] of Object.entries(merged)) if (v === null) delete merged[k];
      this.validate(definition, merged);
      const { plain, secrets } = splitSecrets(definition.configSchema, merged);
      configPatch = {
        config: plain,
        secrets: this.seal(id, secrets),
        secretFields: Object.keys(secrets).sort(),
      };
    }
    const updated = await this.store.updateConnection(
      id,
      {
        ...(patch.name === undefined ? {} : { name: patch.name }),
        ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
        ...configPatch,
      },
      this.now().toISOString(),
    );
    this.cache.delete(id);
    if (!updated) throw new HubError('API_NOT_FOUND', 'No such connection.');
    return updated;
  }

  async remove(id: string): Promise<boolean> {
    this.cache.delete(id);
    return this.store.deleteConnection(id);
  }

  async setHealth(
    id: string,
    health: { ok: boolean; code?: string | null; message?: string | null },
  ): Promise<void> {
    await this.store.updateConnection(
      id,
      {
        health: health.ok ? 'ok' : 'error',
        healthCode: health.code ?? null,
        healthMessage: health.message ?? null,
        healthAt: this.now().toISOString(),
      },
      this.now().toISOString(),
    );
    this.cache.delete(id);
  }

  /**
   * Marks the connection failing when a call failed on its credentials or settings (auth, config), with the
   * connector's remedy for ops; other failure kinds say nothing about the connection itself.
   */
  async noteFailure(id: string, failure: ConnectorError): Promise<void> {
    if (failure.kind !== 'auth' && failure.kind !== 'config') return;
    await this.setHealth(id, { ok: false, code: failure.code, message: failure.remedy ?? failure.message });
  }

  /** Opens a connection for use, with a short cache: the webhook hot path must not decrypt per request. */
  async resolve(id: string): Promise<ResolvedConnection | null> {
    const hit = this.cache.get(id);
    const now = Date.now();
    if (hit && now - hit.at < CACHE_TTL_MS) return hit.value;
    const record = await this.store.getConnection(id);
    if (!record) {
      this.cache.delete(id);
      return null;
    }
    const value = {
      record,
      definition: this.definition(record.connector),
      config: { ...record.config, ...this.open(record) },
    };
    this.cache.set(id, { at: now, value });
    return value;
  }

  view(record: ConnectionRecord): ConnectionView {
    const definition = this.registry.get(record.connector);
    const secretNames = new Set(definition ? secretFieldNames(definition.configSchema) : record.secretFields);
    const config = Object.fromEntries(Object.entries(record.config).filter(([k]) => !secretNames.has(k)));
    return {
      id: record.id,
      connector: record.connector,
      kind: record.kind,
      name: record.name,
      enabled: record.enabled,
      config,
      secretsSet: record.secretFields,
      health: {
        state: record.health,
        code: record.healthCode,
        message: record.healthMessage,
        at: record.healthAt,
      },
      webhookPath: definition?.kind === 'source' && definition.webhook ? `/v1/webhooks/${record.id}` : null,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    };
  }
}
