/**
 * The error catalogue: every code the hub answers with or records, its HTTP status where it reaches a client,
 * and a message for people. Codes are stable (clients and ops tooling match on them) and namespaced by the
 * part of the hub that raises them. Messages never include payload data.
 */
export const ERROR_CATALOGUE = {
  // HTTP API
  API_UNAUTHENTICATED: { status: 401, message: 'A valid API key is required (Authorization: Bearer <key>).' },
  API_FORBIDDEN: { status: 403, message: 'This API key’s role may not do this.' },
  API_NOT_FOUND: { status: 404, message: 'No such resource.' },
  API_VALIDATION_FAILED: { status: 400, message: 'The request does not match its schema.' },
  API_BODY_TOO_LARGE: { status: 413, message: 'The request body is larger than allowed.' },
  API_UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send JSON (Content-Type: application/json).' },
  API_INVALID_JSON: { status: 400, message: 'The body is not valid JSON.' },
  API_CONFLICT: { status: 409, message: 'The resource is not in a state that allows this.' },
  // Exceptions
  EXCEPTION_NOT_EDITABLE: {
    status: 409,
    message: 'This exception has no stored payload to change (only quarantined and rejected records do).',
  },
  EXCEPTION_PATCH_FAILED: { status: 422, message: 'The patch does not apply to this payload.' },
  API_UNAVAILABLE: { status: 503, message: 'A backing service (store or Redis) is unavailable.' },
  API_INTERNAL: { status: 500, message: 'Internal error; see the hub log for the request id.' },
  // Connections and connectors
  CONNECTOR_UNKNOWN: { status: 400, message: 'No connector with this id is installed.' },
  CONNECTOR_WRONG_KIND: { status: 400, message: 'This connector cannot do that (source vs destination).' },
  CONNECTION_CONFIG_INVALID: {
    status: 400,
    message: 'The connection config does not match the connector’s schema.',
  },
  CONNECTION_NO_WEBHOOK_SUBSCRIPTIONS: {
    status: 400,
    message:
      'This connector cannot register its webhooks with the channel; set them up in the channel admin.',
  },
  WEBHOOK_PUBLIC_URL_UNSET: {
    status: 409,
    message:
      'Set ORDERHUB_PUBLIC_URL to the address channels can reach the hub at before registering webhooks.',
  },
  CONNECTION_DISABLED: { status: 409, message: 'The connection is disabled.' },
  CONNECTION_NO_PULL: { status: 400, message: 'This connector cannot be polled.' },
  // Webhook intake
  WEBHOOK_UNSUPPORTED: { status: 404, message: 'This connection does not accept webhooks.' },
  WEBHOOK_SIGNATURE_MISSING: { status: 401, message: 'The webhook signature header is missing.' },
  WEBHOOK_SIGNATURE_INVALID: { status: 401, message: 'The webhook signature does not match the body.' },
  WEBHOOK_PAYLOAD_INVALID: {
    status: 400,
    message: 'The webhook body is not an order this connector understands.',
  },
  // Normalization (quarantine reasons)
  MAPPING_FAILED: { status: 422, message: 'The order could not be mapped to the canonical schema.' },
  MAPPING_UNKNOWN_VALUE: { status: 422, message: 'The order has a value the connector does not know.' },
  MAPPING_MISSING_FIELD: { status: 422, message: 'The order lacks a field the mapping needs.' },
  CANONICAL_INVALID: { status: 422, message: 'The mapped order does not satisfy canonical-order.v1.' },
  ORDER_TOTALS_MISMATCH: {
    status: 422,
    message: 'The order’s parts do not add up to its total; held for review.',
  },
  // Delivery
  DELIVERY_REJECTED: { status: 422, message: 'The destination rejected the order.' },
  DELIVERY_DEAD_LETTERED: { status: 502, message: 'Delivery failed after all retries.' },
  DELIVERY_AUTH_FAILED: { status: 502, message: 'The destination refused our credentials.' },
  DELIVERY_CONFIG_INVALID: { status: 502, message: 'The destination connection is misconfigured.' },
  DELIVERY_BUG: { status: 500, message: 'The connector failed unexpectedly.' },
  ORDER_CANCEL_TOO_LATE: {
    status: 409,
    message:
      'The destination could not cancel the order: it has already shipped. Stop the parcel or treat it as a return.',
  },
  // Direct intake and file imports
  INTAKE_UNSUPPORTED: { status: 404, message: 'This connection does not take orders this way.' },
  INTAKE_VALIDATION_FAILED: { status: 400, message: 'The order does not match the form’s schema.' },
  INTAKE_ORDER_REFUSED: { status: 422, message: 'The order could not be mapped; nothing was stored.' },
  IMPORT_FILE_UNREADABLE: { status: 400, message: 'The file could not be read as CSV or XLSX.' },
  // Shipments
  SHIPMENT_INVALID: { status: 400, message: 'The shipment does not match shipment.v1.' },
  SHIPMENT_ORDER_UNKNOWN: { status: 404, message: 'No order with this id; send the `id` the hub delivered.' },
  SHIPMENT_LINE_UNKNOWN: {
    status: 422,
    message: 'A shipped line names a SKU or line id the order does not have.',
  },
  // Reconciliation
  RECONCILIATION_RANGE_INVALID: {
    status: 400,
    message: 'The range must cover whole buckets that have closed (now − settle delay − margin).',
  },
  // Routing rules and holds (src/routing, src/pipeline/holds.ts)
  ROUTING_RULES_INVALID: { status: 400, message: 'The rule set does not match routing-rules.v1.' },
  ROUTING_VERSION_CONFLICT: { status: 409, message: 'Another rule set version is active; reload and retry.' },
  // Lookup tables (ops overrides of mappings/)
  LOOKUP_TABLE_NOT_FOUND: { status: 404, message: 'No lookup table with this name.' },
  LOOKUP_TABLE_VERSION_CONFLICT: {
    status: 409,
    message: 'The lookup table changed since it was read; reload and retry.',
  },
  ROUTING_NO_MATCH: { status: 422, message: 'No routing rule matched the order; held for review.' },
  HOLD_UNPAID: { status: 422, message: 'The order is not paid; held for review.' },
  HOLD_HIGH_VALUE: { status: 422, message: 'The order total is above the review limit; held for review.' },
  HOLD_ADDRESS_INCOMPLETE: { status: 422, message: 'The shipping address is incomplete; held for review.' },
  HOLD_BLOCKED_CUSTOMER: { status: 422, message: 'The customer is on the block list; held for review.' },
  HOLD_TAG: { status: 422, message: 'The order has a tag that holds it for review.' },
  HOLD_NOT_HELD: { status: 409, message: 'The order is not held.' },
  HOLD_CANCELLED: { status: 409, message: 'The order was cancelled on hold; it is never sent.' },
  HOLD_NO_DESTINATION: {
    status: 409,
    message: 'Released, the order would go nowhere; name destinations in the release.',
  },
  // Outbound HTTP
  HTTP_URL_FORBIDDEN: {
    status: 400,
    message: 'Outbound URLs to private, loopback or link-local addresses are refused.',
  },
} as const;

/** A stable, namespaced error code. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** An error the hub raises on purpose: carries a catalogue code and a message, never a payload. */
export class HubError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Field-level details for validation errors (paths and rule names only, no values). */
  readonly details: readonly { path: string; message: string }[] | undefined;

  constructor(code: ErrorCode, message?: string, details?: readonly { path: string; message: string }[]) {
    super(message ?? ERROR_CATALOGUE[code].message);
    this.name = 'HubError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.details = details;
  }
}
