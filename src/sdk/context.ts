import type { HttpClient } from './http';

/** Structured logging. Never pass secrets or customer data (names, e-mails, addresses) to it. */
export interface Logger {
  debug(objOrMsg: object | string, msg?: string): void;
  info(objOrMsg: object | string, msg?: string): void;
  warn(objOrMsg: object | string, msg?: string): void;
  error(objOrMsg: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** The time source; tests replace it to move time without sleeping. */
export interface Clock {
  now(): Date;
}

/**
 * Ops-editable lookup tables (status, carrier, SKU, warehouse maps): table name → key → value. Defaults ship in
 * `mappings/`; a missing key is a mapping error, never a guess.
 */
export type LookupTables = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** Everything a connector's I/O functions receive. */
export interface ConnectorContext<Config> {
  /** The connection this call is for. */
  connectionId: string;
  /** The connection's settings, validated against the connector's `configSchema`, secrets decrypted. */
  config: Config;
  /** Outbound HTTP with timeouts, SSRF guard and classified errors. The only way out. */
  http: HttpClient;
  log: Logger;
  clock: Clock;
  /** Aborted when the hub shuts down or the job is cancelled. */
  signal: AbortSignal;
  tables: LookupTables;
  /** Waits `ms` (rejects when `signal` aborts). The test kit advances its clock instead of waiting. */
  sleep(ms: number): Promise<void>;
  /**
   * The connection's rate budgets, shared by every process and every kind of call (pulls, deliveries,
   * write-back, reconciliation). Take from a bucket before each call the channel counts.
   */
  rate: RateBudget;
  /**
   * Short-lived values shared by every process for this connection: access tokens, sessions. Encrypted at rest
   * in the hub; gone after `ttlMs`. Never put customer data here.
   */
  cache: ConnectorCache;
  /**
   * Stores a new value for one of the connection's `writeOnly` config fields, such as a refresh token the
   * channel rotated. Later calls see it in `config`; the old value is gone.
   */
  saveSecret(field: string, value: string): Promise<void>;
}

/** A token bucket: `ratePerSecond` refill, at most `burst` tokens banked. */
export interface RateLimit {
  ratePerSecond: number;
  burst: number;
}

/** Shared rate budgets of one connection; buckets are declared in the connector's `rateLimits`. */
export interface RateBudget {
  /**
   * Waits until `cost` (default 1) tokens of `bucket` are free, then spends them. Throws for a bucket the
   * connector did not declare.
   */
  take(bucket: string, cost?: number): Promise<void>;
}

/** A small encrypted key-value cache scoped to one connection. */
export interface ConnectorCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Input to pure mapping functions. */
export interface MappingContext<Config> {
  connectionId: string;
  config: Config;
  tables: LookupTables;
}

/** Looks up `key` in `tables[table]`; undefined when either is missing. */
export function lookup(tables: LookupTables, table: string, key: string): string | undefined {
  const t = tables[table];
  return t && Object.hasOwn(t, key) ? t[key] : undefined;
}
