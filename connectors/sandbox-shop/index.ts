import { defineSource } from '../../src/sdk';
import { DEFAULT_ORDERS_PER_MINUTE, DEFAULT_SEED, MAX_ORDERS_PER_MINUTE, windowPage } from './generator';
import { identify, toCanonical } from './mapping';
import { parseSandboxWebhook, verifySandboxWebhook } from './webhook';

export { generateOrders, type GenerateOptions } from './generator';
export { signSandboxWebhook } from './webhook';
export type { SandboxOrder } from './record';

/** Settings of a sandbox-shop connection. */
export interface SandboxShopConfig {
  /** Orders generated per minute, 0–600. Default 6. */
  ordersPerMinute?: number;
  /** Seed of the generator; the same seed gives the same shop. Default `"sandbox"`. */
  seed?: string;
  /** Share (0–1) of records with an unknown status, to demo quarantine. Default 0. */
  badOrderRate?: number;
  /** How often to poll, in seconds. Default 10. */
  pollIntervalSeconds?: number;
  /** Shared secret for pushed webhooks (`x-sandbox-signature`). Without it, webhooks are refused. */
  webhookSecret?: string;
}

/** Default polling interval: short, so demos show orders arriving. */
export const DEFAULT_POLL_INTERVAL_SECONDS = 10;

/**
 * A simulated web shop with storefronts in the US, the EU and China and two POS locations. Its "API" is a
 * deterministic generator, so it needs no network and no credentials: for demos, tests and benchmarks.
 */
const sandboxShop = defineSource<SandboxShopConfig>({
  kind: 'source',
  meta: {
    id: 'sandbox-shop',
    version: '1.0.0',
    displayName: 'Sandbox shop (generated orders)',
    apiVersion: 'sandbox-1',
    docsUrl: 'https://github.com/orderhub/orderhub/blob/main/connectors/sandbox-shop/README.md',
  },
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      ordersPerMinute: {
        type: 'integer',
        minimum: 0,
        maximum: MAX_ORDERS_PER_MINUTE,
        default: DEFAULT_ORDERS_PER_MINUTE,
        description: 'Records generated per minute (new orders and updates of earlier ones).',
      },
      seed: {
        type: 'string',
        minLength: 1,
        maxLength: 100,
        default: DEFAULT_SEED,
        description: 'Generator seed: the same seed always gives the same orders for the same minute.',
      },
      badOrderRate: {
        type: 'number',
        minimum: 0,
        maximum: 1,
        default: 0,
        description:
          'Share of records with an unknown status, which the hub quarantines (to demo exceptions).',
      },
      pollIntervalSeconds: {
        type: 'integer',
        minimum: 1,
        maximum: 3600,
        default: DEFAULT_POLL_INTERVAL_SECONDS,
        description: 'How often the hub polls the sandbox shop.',
      },
      webhookSecret: {
        type: 'string',
        writeOnly: true,
        minLength: 16,
        maxLength: 200,
        description: 'Shared secret of pushed webhooks (HMAC-SHA256, base64, header x-sandbox-signature).',
      },
    },
  },

  async check() {
    // Nothing remote to reach or authenticate against: the generator runs inside the hub.
    return { ok: true, detail: 'The sandbox shop generates orders locally; there is no remote to check.' };
  },

  identify,
  toCanonical,

  webhook: {
    verify: (req, config) => verifySandboxWebhook(req, config.webhookSecret),
    parse: (req) => parseSandboxWebhook(req),
  },

  pull: {
    cursorField: 'updated_at',
    tieBreak: 'id',
    // Generation is deterministic and never late, so a short overlap only covers clock skew between workers.
    overlapMs: 5_000,
    settleDelayMs: 0,
    // Bounded windows keep one pull's work small at 600 orders per minute.
    maxWindowMs: 15 * 60_000,
    // A new connection starts an hour back, not the default week (60 000 orders at the default rate).
    initialLookbackMs: 60 * 60_000,
    defaultIntervalMs: DEFAULT_POLL_INTERVAL_SECONDS * 1000,
    async fetchPage(ctx, req) {
      return windowPage(ctx.config, Date.parse(req.from), Date.parse(req.to), req.pageToken);
    },
  },
});

export default sandboxShop;
