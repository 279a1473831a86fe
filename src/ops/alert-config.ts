import { SIGNING_SECRET_PATTERN } from '../../connectors/webhook/signature';
import { compileSchema } from '../core/validation';
import type { Hub } from '../hub';
import type { AlertDefaults } from './alert-env';

/** Document kind and id of the stored alert configuration. */
export const ALERTS_DOC = { kind: 'alerts', id: 'config' } as const;
/** Associated data of the sealed alert secrets: a sealed connection secret cannot be swapped in. */
const SEAL_CONTEXT = 'alerts:config';

export interface EmailChannel {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string | null;
  password: string | null;
  from: string;
  to: string[];
}

/** Alert channels and thresholds, secrets included (in memory only). */
export interface AlertSettings {
  enabled: boolean;
  webhook: { url: string; secret: string | null } | null;
  email: EmailChannel | null;
  reminderMinutes: number;
  quiet: { factor: number; lookbackDays: number; minOrders: number; minQuietMinutes: number };
  queueBacklog: { threshold: number; minutes: number };
}

const thresholds = {
  enabled: { type: 'boolean' },
  reminderMinutes: { type: 'integer', minimum: 1, maximum: 10_080 },
  quiet: {
    type: 'object',
    additionalProperties: false,
    properties: {
      factor: { type: 'number', minimum: 1, maximum: 100 },
      lookbackDays: { type: 'integer', minimum: 1, maximum: 90 },
      minOrders: { type: 'integer', minimum: 2, maximum: 10_000 },
      minQuietMinutes: { type: 'integer', minimum: 1, maximum: 100_000 },
    },
  },
  queueBacklog: {
    type: 'object',
    additionalProperties: false,
    properties: {
      threshold: { type: 'integer', minimum: 1 },
      minutes: { type: 'integer', minimum: 0, maximum: 10_080 },
    },
  },
} as const;

/** Body of `PUT /v1/alerts`. Omitted secrets keep the stored ones; `null` removes them. */
export const alertsInputSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...thresholds,
    webhook: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['url'],
      properties: {
        url: { type: 'string', pattern: '^https?://', maxLength: 2000 },
        secret: {
          type: ['string', 'null'],
          pattern: SIGNING_SECRET_PATTERN,
          writeOnly: true,
          description: 'whsec_… secret: alerts are signed like the webhook destination (Standard Webhooks).',
        },
      },
    },
    email: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['host', 'from', 'to'],
      properties: {
        host: { type: 'string', minLength: 1, maxLength: 255 },
        port: { type: 'integer', minimum: 1, maximum: 65_535, default: 587 },
        secure: { type: 'boolean', default: false },
        user: { type: ['string', 'null'], maxLength: 255 },
        password: { type: ['string', 'null'], maxLength: 1000, writeOnly: true },
        from: { type: 'string', minLength: 3, maxLength: 320 },
        to: {
          type: 'array',
          minItems: 1,
          maxItems: 50,
          items: { type: 'string', minLength: 3, maxLength: 320 },
        },
      },
    },
  },
} as const;

export interface AlertsInput {
  enabled?: boolean;
  reminderMinutes?: number;
  quiet?: Partial<AlertSettings['quiet']>;
  queueBacklog?: Partial<AlertSettings['queueBacklog']>;
  webhook?: { url: string; secret?: string | null } | null;
  email?: {
    host: string;
    port?: number;
    secure?: boolean;
    user?: string | null;
    password?: string | null;
    from: string;
    to: string[];
  } | null;
}

/** What is stored: settings without secrets, plus the secrets sealed with the hub's key. */
interface StoredAlerts {
  settings: Omit<AlertSettings, 'webhook' | 'email'> & {
    webhook: { url: string } | null;
    email: Omit<EmailChannel, 'password'> | null;
  };
  sealed: string | null;
}

const storedSchema = {
  type: 'object',
  required: ['settings', 'sealed'],
  properties: {
    settings: {
      type: 'object',
      required: ['enabled', 'webhook', 'email', 'reminderMinutes', 'quiet', 'queueBacklog'],
      properties: {
        ...thresholds,
        webhook: { type: ['object', 'null'], required: ['url'], properties: { url: { type: 'string' } } },
        email: {
          type: ['object', 'null'],
          required: ['host', 'port', 'secure', 'user', 'from', 'to'],
          properties: {
            host: { type: 'string' },
            port: { type: 'integer' },
            secure: { type: 'boolean' },
            user: { type: ['string', 'null'] },
            from: { type: 'string' },
            to: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
    sealed: { type: ['string', 'null'] },
  },
} as const;
const validateStored = compileSchema<StoredAlerts>(storedSchema);
const validateSecrets = compileSchema<{ webhookSecret?: string; smtpPassword?: string }>({
  type: 'object',
  additionalProperties: false,
  properties: { webhookSecret: { type: 'string' }, smtpPassword: { type: 'string' } },
});

/** Settings from the environment, used until an admin stores a configuration. */
export function settingsFromEnv(d: AlertDefaults): AlertSettings {
  let email: EmailChannel | null = null;
  if (d.smtpUrl && d.emailTo.length) {
    const u = new URL(d.smtpUrl);
    const secure = u.protocol === 'smtps:';
    email = {
      host: u.hostname,
      port: u.port ? Number(u.port) : secure ? 465 : 587,
      secure,
      user: u.username ? decodeURIComponent(u.username) : null,
      password: u.password ? decodeURIComponent(u.password) : null,
      from: d.emailFrom,
      to: d.emailTo,
    };
  }
  return {
    enabled: true,
    webhook: d.webhookUrl ? { url: d.webhookUrl, secret: d.webhookSecret ?? null } : null,
    email,
    reminderMinutes: d.reminderMinutes,
    quiet: { factor: d.quietFactor, lookbackDays: 7, minOrders: 5, minQuietMinutes: 30 },
    queueBacklog: { threshold: d.queueBacklog, minutes: d.queueBacklogMinutes },
  };
}

/** The effective settings: the stored document, else the environment's. */
export async function loadAlertSettings(
  hub: Hub,
): Promise<{ settings: AlertSettings; source: 'document' | 'environment' }> {
  const doc = await hub.store.getDoc(ALERTS_DOC.kind, ALERTS_DOC.id);
  if (!doc) return { settings: settingsFromEnv(hub.config.alerts), source: 'environment' };
  const checked = validateStored(doc.value);
  if (!checked.ok) {
    hub.log.warn({ errors: checked.errors }, 'stored alert configuration is invalid; using the environment');
    return { settings: settingsFromEnv(hub.config.alerts), source: 'environment' };
  }
  const { settings, sealed } = checked.value;
  let secrets: { webhookSecret?: string; smtpPassword?: string } = {};
  if (sealed) {
    try {
      const opened = validateSecrets(JSON.parse(hub.secretBox.open(sealed, SEAL_CONTEXT)));
      if (opened.ok) secrets = opened.value;
    } catch {
      // Sealed under another key: channels run unsigned / unauthenticated until an admin sets them again.
      hub.log.warn('alert secrets cannot be opened with the current secret key');
    }
  }
  return {
    settings: {
      ...settings,
      webhook: settings.webhook ? { ...settings.webhook, secret: secrets.webhookSecret ?? null } : null,
      email: settings.email ? { ...settings.email, password: secrets.smtpPassword ?? null } : null,
    },
    source: 'document',
  };
}

/** Applies a `PUT /v1/alerts` body over the current settings and stores the result with its secrets sealed. */
export async function saveAlertSettings(hub: Hub, input: AlertsInput): Promise<AlertSettings> {
  const { settings: current } = await loadAlertSettings(hub);
  const base = settingsFromEnv(hub.config.alerts);
  const keep = <T>(given: T | null | undefined, old: T | null): T | null =>
    given === undefined ? old : given;
  const next: AlertSettings = {
    enabled: input.enabled ?? true,
    reminderMinutes: input.reminderMinutes ?? base.reminderMinutes,
    quiet: { ...base.quiet, ...input.quiet },
    queueBacklog: { ...base.queueBacklog, ...input.queueBacklog },
    webhook: input.webhook
      ? { url: input.webhook.url, secret: keep(input.webhook.secret, current.webhook?.secret ?? null) }
      : null,
    email: input.email
      ? {
          host: input.email.host,
          port: input.email.port ?? 587,
          secure: input.email.secure ?? false,
          user: input.email.user ?? null,
          password: keep(input.email.password, current.email?.password ?? null),
          from: input.email.from,
          to: input.email.to,
        }
      : null,
  };
  const secrets: Record<string, string> = {};
  if (next.webhook?.secret) secrets.webhookSecret = next.webhook.secret;
  if (next.email?.password) secrets.smtpPassword = next.email.password;
  const stored: StoredAlerts = {
    settings: {
      ...next,
      webhook: next.webhook ? { url: next.webhook.url } : null,
      email: next.email ? withoutPassword(next.email) : null,
    },
    sealed: Object.keys(secrets).length ? hub.secretBox.seal(JSON.stringify(secrets), SEAL_CONTEXT) : null,
  };
  await hub.store.putDoc(ALERTS_DOC.kind, ALERTS_DOC.id, stored, hub.now().toISOString());
  return next;
}

function withoutPassword(e: EmailChannel): Omit<EmailChannel, 'password'> {
  return { host: e.host, port: e.port, secure: e.secure, user: e.user, from: e.from, to: e.to };
}

/** The settings as the API shows them: secrets replaced by whether they are set. */
export function publicSettings(settings: AlertSettings, source: 'document' | 'environment') {
  const { webhook, email, ...rest } = settings;
  return {
    ...rest,
    source,
    webhook: webhook ? { url: webhook.url, secretSet: webhook.secret !== null } : null,
    email: email
      ? {
          host: email.host,
          port: email.port,
          secure: email.secure,
          user: email.user,
          passwordSet: email.password !== null,
          from: email.from,
          to: email.to,
        }
      : null,
  };
}
