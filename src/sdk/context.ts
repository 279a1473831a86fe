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
