import { pino, type DestinationStream, type Logger } from 'pino';
import type { AnyDefinition } from './registry';
import { secretFieldNames } from './pipeline/secrets';

/** Headers that carry credentials, by any connector or client. */
const SECRET_HEADERS = [
  'authorization',
  'cookie',
  'x-shopify-access-token',
  'x-shopify-hmac-sha256',
  'x-wc-webhook-signature',
  'webhook-signature',
  'x-api-key',
];

/**
 * The hub's logger. Redaction paths come from every connector's `writeOnly` config fields plus auth headers,
 * so a secret that reaches a log line by mistake is still censored.
 */
export function createLogger(
  level: string,
  connectors: readonly AnyDefinition[],
  destination?: DestinationStream,
): Logger {
  const fields = new Set<string>(['password', 'secret', 'token', 'accessToken', 'apiKey']);
  for (const c of connectors) for (const f of secretFieldNames(c.configSchema)) fields.add(f);
  const paths = [
    ...SECRET_HEADERS.flatMap((h) => [`req.headers["${h}"]`, `headers["${h}"]`]),
    ...[...fields].flatMap((f) => [`config.${f}`, `*.${f}`, f]),
  ];
  return pino({ level, redact: { paths, censor: '[redacted]' } }, destination);
}
