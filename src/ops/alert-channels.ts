import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createTransport } from 'nodemailer';
import { signStandardWebhook } from '../../connectors/webhook/signature';
import { stableId } from '../core/ids';
import { checkOutboundUrl, guardedLookup } from '../sdk/net-guard';
import type { AlertSettings, EmailChannel } from './alert-config';

const TIMEOUT_MS = 10_000;

/** One notification: the start, a reminder, or the end of an alert episode. Ids and counts only, no PII. */
export interface AlertNotice {
  /** Stable per episode and phase: receivers can dedupe on it. */
  id: string;
  kind: string;
  subject: string;
  connectionId: string | null;
  phase: 'started' | 'reminder' | 'resolved';
  episode: number;
  title: string;
  message: string;
  count: number;
  startedAt: string;
  at: string;
}

/** Sends a notice to every configured channel; answers per channel whether it went out (never throws). */
export async function sendNotice(
  settings: AlertSettings,
  notice: AlertNotice,
  allowPrivateUrls: boolean,
): Promise<{ channel: 'webhook' | 'email'; ok: boolean; error?: string }[]> {
  const sends: Promise<{ channel: 'webhook' | 'email'; ok: boolean; error?: string }>[] = [];
  const settle = (channel: 'webhook' | 'email', p: Promise<void>) =>
    p.then(
      () => ({ channel, ok: true }),
      (err: unknown) => ({ channel, ok: false, error: err instanceof Error ? err.message : String(err) }),
    );
  if (settings.webhook)
    sends.push(settle('webhook', postWebhook(settings.webhook, notice, allowPrivateUrls)));
  if (settings.email) sends.push(settle('email', sendEmail(settings.email, notice)));
  return Promise.all(sends);
}

/** JSON POST, signed the Standard Webhooks way when a secret is set (the same scheme as the webhook destination). */
function postWebhook(
  hook: { url: string; secret: string | null },
  notice: AlertNotice,
  allowPrivate: boolean,
): Promise<void> {
  const url = checkOutboundUrl(hook.url, allowPrivate);
  const body = JSON.stringify({ type: 'orderhub.alert', timestamp: notice.at, data: notice });
  const id = stableId('msg', notice.id);
  const timestamp = Math.floor(Date.parse(notice.at) / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'user-agent': 'OrderHub-Alerts/1',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
  };
  if (hook.secret) headers['webhook-signature'] = signStandardWebhook(hook.secret, id, timestamp, body);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers,
        timeout: TIMEOUT_MS,
        // Names resolving to private addresses are refused at connect time (DNS rebinding) unless allowed.
        ...(allowPrivate ? {} : { lookup: guardedLookup }),
      },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve();
        else reject(new Error(`alert webhook answered HTTP ${status}`));
      },
    );
    req.on('timeout', () => req.destroy(new Error('alert webhook timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

async function sendEmail(email: EmailChannel, notice: AlertNotice): Promise<void> {
  const transport = createTransport({
    host: email.host,
    port: email.port,
    secure: email.secure,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
    ...(email.user ? { auth: { user: email.user, pass: email.password ?? '' } } : {}),
  });
  try {
    await transport.sendMail({
      from: email.from,
      to: email.to,
      subject: `[OrderHub] ${notice.phase === 'resolved' ? 'Resolved' : notice.phase === 'reminder' ? 'Still open' : 'Alert'}: ${notice.title}`,
      text: [
        notice.message,
        '',
        `kind: ${notice.kind}`,
        `subject: ${notice.subject}`,
        `occurrences: ${notice.count}`,
        `since: ${notice.startedAt}`,
        `at: ${notice.at}`,
        `alert id: ${notice.id}`,
      ].join('\n'),
      headers: { 'X-OrderHub-Alert': notice.id },
    });
  } finally {
    transport.close();
  }
}
