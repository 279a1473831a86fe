/** SQLite schema, applied idempotently at start. Version bumps add statements; nothing is rewritten. */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS connections (
     id TEXT PRIMARY KEY, connector TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
     enabled INTEGER NOT NULL, config TEXT NOT NULL, secrets TEXT, secret_fields TEXT NOT NULL,
     health TEXT NOT NULL, health_code TEXT, health_message TEXT, health_at TEXT,
     created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS inbox (
     id TEXT PRIMARY KEY, connection_id TEXT NOT NULL, external_id TEXT NOT NULL, revision TEXT NOT NULL,
     source TEXT NOT NULL, state TEXT NOT NULL, received_at TEXT NOT NULL,
     updated_at TEXT NOT NULL, order_id TEXT, error_code TEXT, error_message TEXT)`,
  // Raw records live apart from the rows whose state changes, so a state update never rewrites kilobytes.
  `CREATE TABLE IF NOT EXISTS inbox_raw (id TEXT PRIMARY KEY, raw TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS inbox_pending ON inbox (state, received_at)`,
  `CREATE TABLE IF NOT EXISTS orders (
     id TEXT PRIMARY KEY, connection_id TEXT NOT NULL, connector TEXT NOT NULL, external_id TEXT NOT NULL,
     order_number TEXT NOT NULL, revision INTEGER NOT NULL, channel_revision TEXT NOT NULL, state TEXT NOT NULL,
     hash TEXT NOT NULL, placed_at TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS orders_list ON orders (created_at DESC, id DESC)`,
  `CREATE INDEX IF NOT EXISTS orders_number ON orders (order_number)`,
  `CREATE INDEX IF NOT EXISTS orders_external ON orders (connection_id, external_id)`,
  `CREATE TABLE IF NOT EXISTS order_revisions (
     order_id TEXT NOT NULL, revision INTEGER NOT NULL, channel_revision TEXT NOT NULL,
     inbox_event_id TEXT NOT NULL, hash TEXT NOT NULL, created_at TEXT NOT NULL, body TEXT NOT NULL,
     PRIMARY KEY (order_id, revision))`,
  `CREATE TABLE IF NOT EXISTS deliveries (
     id TEXT PRIMARY KEY, order_id TEXT NOT NULL, revision INTEGER NOT NULL, operation TEXT NOT NULL,
     destination_id TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL, generation INTEGER NOT NULL,
     next_attempt_at TEXT NOT NULL, lease_until TEXT, remote_id TEXT, last_error_kind TEXT,
     last_error_code TEXT, last_error_message TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
     delivered_at TEXT)`,
  `CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (state, next_attempt_at)`,
  `CREATE INDEX IF NOT EXISTS deliveries_order ON deliveries (order_id, destination_id, operation)`,
  `CREATE INDEX IF NOT EXISTS deliveries_list ON deliveries (created_at DESC, id DESC)`,
  `CREATE TABLE IF NOT EXISTS delivery_attempts (
     delivery_id TEXT NOT NULL, attempt INTEGER NOT NULL, at TEXT NOT NULL, outcome TEXT NOT NULL,
     code TEXT, message TEXT, http_status INTEGER, duration_ms INTEGER NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS attempts_delivery ON delivery_attempts (delivery_id, at)`,
  `CREATE TABLE IF NOT EXISTS checkpoints (
     connection_id TEXT NOT NULL, stream TEXT NOT NULL, value TEXT NOT NULL, updated_at TEXT NOT NULL,
     PRIMARY KEY (connection_id, stream))`,
  `CREATE TABLE IF NOT EXISTS exceptions (
     id TEXT PRIMARY KEY, kind TEXT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL,
     connection_id TEXT NOT NULL, inbox_event_id TEXT, order_id TEXT, delivery_id TEXT, state TEXT NOT NULL,
     created_at TEXT NOT NULL, resolved_at TEXT, resolution TEXT)`,
  `CREATE INDEX IF NOT EXISTS exceptions_list ON exceptions (state, created_at DESC, id DESC)`,
  `CREATE TABLE IF NOT EXISTS audit_log (
     id TEXT PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL,
     detail TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS audit_subject ON audit_log (subject, at)`,
  `CREATE TABLE IF NOT EXISTS api_keys (
     id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, hash TEXT NOT NULL UNIQUE,
     created_at TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS shipments (
     id TEXT PRIMARY KEY, reporter_id TEXT NOT NULL, order_id TEXT NOT NULL, shipment_id TEXT NOT NULL,
     report TEXT NOT NULL, hash TEXT NOT NULL, state TEXT NOT NULL, created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS shipments_order ON shipments (order_id, created_at)`,
  `CREATE INDEX IF NOT EXISTS shipments_list ON shipments (created_at DESC, id DESC)`,
  `CREATE TABLE IF NOT EXISTS docs (
     kind TEXT NOT NULL, id TEXT NOT NULL, value TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
     PRIMARY KEY (kind, id))`,
  `CREATE INDEX IF NOT EXISTS docs_list ON docs (kind, created_at DESC, id DESC)`,
  // Order search (see store/search-terms.ts): one row per key and order. The order's createdAt is part of the
  // key, so a key's orders come newest first straight from the index, whatever the store's size.
  `CREATE TABLE IF NOT EXISTS order_terms (
     term TEXT NOT NULL, created_at TEXT NOT NULL, order_id TEXT NOT NULL,
     PRIMARY KEY (term, created_at, order_id)) WITHOUT ROWID`,
  `CREATE INDEX IF NOT EXISTS orders_state ON orders (state, created_at, id)`,
  `CREATE INDEX IF NOT EXISTS orders_connection ON orders (connection_id, created_at, id)`,
  // Covers the orders-per-hour count: a range of created_at read from the index alone.
  `CREATE INDEX IF NOT EXISTS orders_hourly ON orders (created_at, connection_id)`,
];
