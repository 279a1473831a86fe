import { defineDestination } from '../../src/sdk';
import { checkConnection, RATE_BUCKET, RATE_LIMIT } from './client';
import { API_VERSION, configSchema, CONNECTOR_ID, type ShipBobConfig } from './config';
import { deliverOrder } from './deliver';
import { toShipBobOrder } from './mapping';
import type { ShipBobOrder } from './payload';
import { fetchShipmentsPage } from './shipments';

export type { ShipBobConfig } from './config';
export type { ShipBobOrder } from './payload';

/**
 * ShipBob destination: orders created with `POST /order` under the hub's order id as `reference_id`, cancelled with
 * `POST /order/{id}:cancel`, shipments read back from `GET /order` with their tracking.
 */
const shipbob = defineDestination<ShipBobConfig, ShipBobOrder>({
  kind: 'destination',
  meta: {
    id: CONNECTOR_ID,
    version: '1.0.0',
    displayName: 'ShipBob',
    apiVersion: API_VERSION,
    docsUrl: 'https://developer.shipbob.com/2025-07/api/orders/create-order',
  },
  configSchema,
  // ShipBob refuses a second order with the same reference_id (422); deliver then finds and returns the first.
  idempotency: { mode: 'native-key' },
  rateLimits: { [RATE_BUCKET]: RATE_LIMIT },
  fromCanonical: toShipBobOrder,
  deliver: deliverOrder,
  shipments: { fetchPage: fetchShipmentsPage },
  check: checkConnection,
});

export default shipbob;
