import type { CanonicalDraft, CanonicalOrder } from '../core/order';
import type { DeliveryOperation } from '../core/ids';
import type { ConnectorContext, MappingContext, RateLimit } from './context';

/** Identity and pinned upstream version of a connector. */
export interface ConnectorMeta {
  /** Stable kebab-case id; configurations name it, so it never changes. */
  id: string;
  /** Semver of the connector itself. */
  version: string;
  displayName: string;
  /** The one upstream API version this connector is written against (e.g. `2024-04`). */
  apiVersion: string;
  /** Link to the upstream API documentation. */
  docsUrl: string;
}

/** A JSON Schema (2020-12) object for a connector's settings. Mark secrets with `writeOnly: true`. */
export interface ConfigSchema {
  type: 'object';
  properties: Record<string, object>;
  required?: readonly string[];
  additionalProperties?: boolean;
  [keyword: string]: unknown;
}

/** Result of a credential check: ok, or what is wrong and what ops should do about it. */
export type CheckResult =
  { ok: true; detail?: string } | { ok: false; code: string; message: string; remedy: string };

/** A raw webhook request as received, before any parsing. Header names are lower-cased. */
export interface WebhookRequest {
  headers: Readonly<Record<string, string | undefined>>;
  rawBody: Buffer;
  /** Query parameters as received (some protocols, such as Qimen, sign them); a repeated name keeps its first value. */
  query?: Readonly<Record<string, string>>;
}

/** Outcome of a webhook signature check. */
export type WebhookVerdict =
  { ok: true } | { ok: false; code: 'WEBHOOK_SIGNATURE_MISSING' | 'WEBHOOK_SIGNATURE_INVALID' };

/** What a verified webhook carries. */
export type WebhookContent =
  /**
   * Order records as `toCanonical` takes them. `raw`, when each record is a whole body as received, gives
   * their exact text (same length as `records`): the hub stores it as the inbox record instead of a
   * re-serialisation, so ops and replays see the channel's own bytes.
   */
  | { kind: 'orders'; records: unknown[]; raw?: string[] }
  /**
   * The body only says which orders changed (or the channel's docs advise re-reading them): the hub acknowledges
   * at once and fetches them through the source's `fetchOrders`, off the request path.
   */
  | { kind: 'notices'; externalIds: string[] }
  /** Nothing to ingest (a topic the connector does not handle, a test ping); answered 200. */
  | { kind: 'ignore'; reason: string };

/** Webhook handling of a source. */
export interface WebhookSpec<Config> {
  /** Checks the signature over the raw body, in constant time. Pure: no I/O. */
  verify(req: WebhookRequest, config: Config): WebhookVerdict;
  /** Reads a verified body. Throw `MappingError` for a body that is not what the topic promises. */
  parse(req: WebhookRequest, config: Config): WebhookContent;
}

/** A small flat checkpoint the hub stores between pulls. */
export interface PullCheckpoint {
  /** Everything with a cursor value below this has been stored (ISO timestamp). */
  watermark: string;
  /** The window being paged through, when a pull stopped mid-window. */
  windowFrom?: string;
  windowTo?: string;
  /** Opaque page token within the window. */
  pageToken?: string;
}

/** One page request of the cursor/window engine. */
export interface PageRequest {
  /** Inclusive lower bound on the cursor field (ISO timestamp, UTC). */
  from: string;
  /** Exclusive upper bound (ISO timestamp, UTC): never later than now − settle delay. */
  to: string;
  /** The token the previous page gave, absent on a window's first page. */
  pageToken?: string;
}

/** One page of records. */
export interface Page {
  records: unknown[];
  /** Present when the window has more pages. */
  nextPageToken?: string;
}

/**
 * Declared pull rules. The hub's engine slides windows over the cursor field, re-reads `overlapMs` behind the
 * watermark (the inbox drops what it already has, so equal timestamps at a boundary are never lost), stays
 * `settleDelayMs` behind now for channels slow to show new orders, and stores each page before its checkpoint.
 */
export interface PullSpec<Config> {
  /** The record field the windows run on, for docs and reconciliation (e.g. `updated_at`). */
  cursorField: string;
  /** How ties on the cursor field are ordered by the channel (e.g. `id`); the overlap makes them safe. */
  tieBreak: string;
  /** Re-read this far behind the watermark on each pull. Default 60 000. */
  overlapMs?: number;
  /** Stay this far behind now. Default 0. */
  settleDelayMs?: number;
  /** Largest window the channel accepts in one query. Default unlimited. */
  maxWindowMs?: number;
  /** Where a first pull starts, back from now. Default 7 days. */
  initialLookbackMs?: number;
  /** Default polling interval. Default 60 000. */
  defaultIntervalMs?: number;
  fetchPage(ctx: ConnectorContext<Config>, req: PageRequest): Promise<Page>;
}

/** The channel's identity of one order record. */
export interface OrderIdentity {
  externalId: string;
  /** Newer revisions compare higher (timestamps by instant, integers numerically). */
  revision: string;
}

/** A source connector: where orders come from. */
export interface SourceDefinition<Config = Record<string, unknown>> {
  kind: 'source';
  meta: ConnectorMeta;
  configSchema: ConfigSchema;
  /** Tests the credentials; answers ok or a code and a remedy. */
  check(ctx: ConnectorContext<Config>): Promise<CheckResult>;
  /** External id and revision of a raw record, for dedup. Pure. */
  identify(raw: unknown): OrderIdentity;
  /** Maps one raw record to a canonical draft. Pure; throws `MappingError` on anything it does not know. */
  toCanonical(raw: unknown, ctx: MappingContext<Config>): CanonicalDraft;
  webhook?: WebhookSpec<Config>;
  pull?: PullSpec<Config>;
  /**
   * Fetches the current raw records of the given orders, in the shape `toCanonical` takes. Needed by sources
   * whose webhooks are notices; reconciliation uses it to re-read single orders.
   */
  fetchOrders?(ctx: ConnectorContext<Config>, externalIds: string[]): Promise<unknown[]>;
  /**
   * Keeps the channel's webhook subscriptions pointing at the hub. Channels drop subscriptions silently (after
   * failed deliveries, an app reinstall, a plan change); reconciliation calls this on each run when the hub has
   * a public URL (`ORDERHUB_PUBLIC_URL`) and records what it had to re-register.
   */
  webhookSubscriptions?: WebhookSubscriptionSpec<Config>;
  /** Token buckets for `ctx.rate.take(bucket)`, sized to the channel's documented limits. */
  rateLimits?: Record<string, RateLimit>;
  /**
   * Names the credential behind a connection (a shop domain, an app key and seller): connections that answer the
   * same returns share one rate budget, as the channel counts calls per credential, not per hub connection.
   * Absent: each connection has its own budget. It may combine secret values (a refresh token names a seller and
   * app): the hub only keeps a hash of it.
   */
  credentialKey?(config: Config): string;
  /** Orders posted straight to the hub, at `POST /v1/intake/:connectionId/orders` (phone orders, forms). */
  intake?: IntakeSpec<Config>;
  /** Writes shipments back to the channel as fulfilments with carrier and tracking. */
  writeBack?: WriteBackSpec<Config>;
  /** Files of orders uploaded to `POST /v1/imports/:connectionId` (CSV, XLSX). */
  files?: FileImportSpec<Config>;
}

/** One shipment to write back to the channel. */
export interface FulfillmentRequest {
  /**
   * Stable per shipment (the hub's shipment id). The hub retries after timeouts: use it as the channel's
   * idempotency key where there is one, else look for a fulfilment carrying the same tracking number first.
   */
  shipmentKey: string;
  /** The order as the hub has it; `order.channel.externalId` is the channel's own order id. */
  order: CanonicalOrder;
  /** The shipment as the destination reported it. */
  shipment: ShipmentReport;
  /**
   * The order lines shipped, resolved by the hub from the report's line ids or SKUs (every line when the report
   * names none): `lineId` is the canonical line id, which is the channel's line id.
   */
  lines: { lineId: string; sku: string | null; quantity: number }[];
  /** The carrier as the destination reported it; connectors map it to the channel's code with their own table. */
  carrier: string;
  /** True when this shipment completes the order (every line shipped, or the remote said so). */
  final: boolean;
}

/** Write-back of shipments to the channel. */
export interface WriteBackSpec<Config> {
  /**
   * Creates the fulfilment for one shipment (partial shipments name their lines). Throws classified
   * `ConnectorError`s: `rejected` for what retrying cannot fix (the channel already fulfilled those lines, the
   * order is cancelled), with a remedy for ops. Returns the channel's id of the fulfilment.
   */
  createFulfillment(ctx: ConnectorContext<Config>, request: FulfillmentRequest): Promise<RemoteRef>;
  /** Cancels a fulfilment the hub created, for a shipment the destination voided. Optional. */
  cancelFulfillment?(
    ctx: ConnectorContext<Config>,
    request: FulfillmentRequest & { remoteId: string },
  ): Promise<void>;
}

/** A source's webhook subscription upkeep. */
export interface WebhookSubscriptionSpec<Config> {
  /**
   * Makes sure every topic the connector needs is subscribed with `callbackUrl` (the connection's
   * `<ORDERHUB_PUBLIC_URL>/v1/webhooks/<connection id>`), creating what is missing. Answers the topics it
   * created and those that were already in place. Idempotent: a second call creates nothing.
   */
  ensure(ctx: ConnectorContext<Config>, callbackUrl: string): Promise<{ created: string[]; ok: string[] }>;
}

/** Direct intake: each posted body is one raw record. */
export interface IntakeSpec<Config> {
  /** JSON Schema (2020-12) a posted order must satisfy; violations are answered field by field. */
  schema: object;
  /** An HTML page for people entering orders, served at `/forms/:connectionId`. */
  formPage?(config: Config, page: FormPageInfo): string;
}

/** What a form page needs to know about where it is served. */
export interface FormPageInfo {
  connectionId: string;
  /** Where the page posts orders (JSON, `Authorization: Bearer <intake key>`). */
  postUrl: string;
  /** The connection's name, for the page title. */
  title: string;
  /** The CSP nonce every inline `<script>` and `<style>` must carry. */
  nonce: string;
}

/** One uploaded file. */
export interface ImportFile {
  name: string;
  /** As sent; connectors also look at the name's extension. */
  contentType: string;
  bytes: Buffer;
  /** When the hub received it (ISO, UTC): the revision of the orders in it, unless the file carries one. */
  receivedAt: string;
}

/** A problem with one row of an imported file. */
export interface RowError {
  /** 1-based row number as a spreadsheet shows it (the header is row 1). */
  row: number;
  column?: string;
  code: string;
  message: string;
}

/** File import: a file becomes raw records (one per order) and row errors. */
export interface FileImportSpec<Config> {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /**
   * Reads one file. Pure. Rows that cannot form an order are reported, not dropped silently; records must be
   * identical for identical content, so that importing the same file again changes nothing.
   */
  parse(file: ImportFile, ctx: MappingContext<Config>): Promise<{ records: unknown[]; errors: RowError[] }>;
}

/** How a destination makes a repeated delivery harmless. */
export type IdempotencySpec<Config, Payload> =
  /** The remote dedupes on a key we send (an idempotency header, an upsert key). */
  | { mode: 'native-key' }
  /** We look the order up by our key before writing. */
  | {
      mode: 'lookup-before-write';
      /**
       * Whether this delivery's effect is already in the remote system (a first attempt that timed out after the
       * remote accepted it). Found → recorded as delivered without calling `deliver`. `info` tells the operation
       * and revision (the hub always passes it), so that a later revision or a cancel still reaches `deliver`.
       */
      findExisting(
        ctx: ConnectorContext<Config>,
        key: string,
        payload: Payload,
        info?: DeliveryInfo,
      ): Promise<RemoteRef | null>;
    };

/** What the remote system calls the object we created. */
export interface RemoteRef {
  remoteId: string;
  /** A short status text from the remote, for the timeline. */
  status?: string;
}

/** Facts about one delivery, handed to `deliver`. */
export interface DeliveryInfo {
  /** The delivery key; send it as the idempotency key. */
  key: string;
  operation: DeliveryOperation;
  orderId: string;
  revision: number;
}

/** A destination connector: where orders go. */
export interface DestinationDefinition<Config = Record<string, unknown>, Payload = unknown> {
  kind: 'destination';
  meta: ConnectorMeta;
  configSchema: ConfigSchema;
  check(ctx: ConnectorContext<Config>): Promise<CheckResult>;
  idempotency: IdempotencySpec<Config, Payload>;
  /** Maps a canonical order to the remote payload. Pure; throws `MappingError` for missing lookups. */
  fromCanonical(order: CanonicalOrder, ctx: MappingContext<Config>): Payload;
  /** Sends one payload. Throws classified `ConnectorError`s; returns the remote reference. */
  deliver(ctx: ConnectorContext<Config>, payload: Payload, info: DeliveryInfo): Promise<RemoteRef>;
  /** Reads shipments back from a system that can be asked for them. */
  shipments?: ShipmentReadBack<Config>;
  /** Receives what the system pushes to the hub (shipment confirmations), at `/v1/webhooks/:connectionId`. */
  inbound?: InboundSpec<Config>;
  /** Token buckets for `ctx.rate.take(bucket)`, sized to the system's documented limits. */
  rateLimits?: Record<string, RateLimit>;
  /** Names the credential behind a connection, so connections on one credential share a rate budget. */
  credentialKey?(config: Config): string;
  /**
   * How many deliveries may be in flight at once for one connection, across every process (QuickBooks allows 10
   * concurrent requests per company, Xero 5). Absent: no limit beyond the hub's delivery concurrency. A delivery
   * that finds every slot taken waits a moment without spending an attempt.
   */
  maxConcurrency?(config: Config): number | undefined;
}

/**
 * One shipment as a destination reports it. The hub dedups on (destination connection, `shipmentId`) and
 * writes it back to the order's channel.
 */
export interface ShipmentReport {
  /** The hub's order id (`ord_…`): what destinations are given as their order key. */
  orderId: string;
  /** The remote system's id of this shipment, stable across reads. */
  shipmentId: string;
  /** When it left, ISO 8601 with offset. */
  shippedAt: string;
  /** Carrier as the remote names it; write-back maps it through the `carrier` lookup table. */
  carrier: string;
  service?: string;
  trackingNumber?: string;
  trackingUrl?: string;
  /** The shipped lines; absent when the shipment covers the whole order. */
  lines?: { sku?: string; lineId?: string; quantity: number }[];
  /** True when the remote says the order is now completely shipped (e.g. the last parcel). */
  final?: boolean;
  /** True when the remote voided this shipment after reporting it. */
  voided?: boolean;
}

/** One read of shipments. */
export interface ShipmentPage {
  shipments: ShipmentReport[];
  /** Present when there are more pages now. */
  nextPageToken?: string;
}

/** Polling read-back of shipments. The hub keeps the watermark; records at or after `since` are returned. */
export interface ShipmentReadBack<Config> {
  /** Re-read this far behind the watermark (the hub drops shipments it already has). Default 10 minutes. */
  overlapMs?: number;
  /** Default read-back interval; a connection's `pollIntervalSeconds` overrides it. Default 5 minutes. */
  defaultIntervalMs?: number;
  /** Where a first read starts, back from now. Default 7 days. */
  initialLookbackMs?: number;
  fetchPage(ctx: ConnectorContext<Config>, req: { since: string; pageToken?: string }): Promise<ShipmentPage>;
}

/** What a destination system pushes to the hub. */
export interface InboundSpec<Config> {
  verify(req: WebhookRequest, config: Config): WebhookVerdict;
  /**
   * Reads a verified body into shipment reports and, for protocols that prescribe one, the body to answer with.
   * Throw `MappingError` for a body the protocol does not allow.
   */
  parse(
    req: WebhookRequest,
    config: Config,
  ): { shipments: ShipmentReport[]; reply?: { contentType: string; body: string } };
}

export type AnyConnector = SourceDefinition<never> | DestinationDefinition<never, never>;

/** Declares a source connector. An identity function that gives the object literal its types. */
export function defineSource<Config>(definition: SourceDefinition<Config>): SourceDefinition<Config> {
  return definition;
}

/** Declares a destination connector. An identity function that gives the object literal its types. */
export function defineDestination<Config, Payload>(
  definition: DestinationDefinition<Config, Payload>,
): DestinationDefinition<Config, Payload> {
  return definition;
}
