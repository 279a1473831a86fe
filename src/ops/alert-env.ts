/**
 * Alert defaults read from the environment. They apply until an admin stores a configuration through
 * `PUT /v1/alerts`; from then on the stored document wins. Pure (no imports) so that config.ts can use it.
 */
export interface AlertDefaults {
  /** `ORDERHUB_ALERT_WEBHOOK_URL`: JSON POST target for alerts; unset means no webhook channel. */
  webhookUrl: string | undefined;
  /** `ORDERHUB_ALERT_WEBHOOK_SECRET`: `whsec_…` secret to sign alert webhooks (Standard Webhooks). */
  webhookSecret: string | undefined;
  /** `ORDERHUB_ALERT_SMTP_URL`: `smtp://user:pass@host:587` or `smtps://…:465`; unset means no e-mail. */
  smtpUrl: string | undefined;
  /** `ORDERHUB_ALERT_EMAIL_FROM`, default `orderhub@localhost`. */
  emailFrom: string;
  /** `ORDERHUB_ALERT_EMAIL_TO`: comma-separated recipients. */
  emailTo: string[];
  /** `ORDERHUB_ALERT_REMINDER_MINUTES`, default 60: least time between two reminders of one open alert. */
  reminderMinutes: number;
  /** `ORDERHUB_ALERT_QUIET_FACTOR`, default 4: a channel is quiet after this many times its usual gap. */
  quietFactor: number;
  /** `ORDERHUB_ALERT_QUEUE_BACKLOG`, default 1000: waiting jobs per queue that count as a backlog. */
  queueBacklog: number;
  /** `ORDERHUB_ALERT_QUEUE_BACKLOG_MINUTES`, default 5: how long a backlog must last before it alerts. */
  queueBacklogMinutes: number;
  /** `ORDERHUB_ALERT_INTERVAL_MS`, default 30000: how often the worker evaluates alert conditions. */
  intervalMs: number;
  /** `ORDERHUB_ALERT_HELD_HOURS`, default 4: an order held for review longer than this alerts. */
  heldHours: number;
}

function num(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number`);
  return n;
}

export function alertDefaultsFromEnv(env: NodeJS.ProcessEnv): AlertDefaults {
  return {
    webhookUrl: env.ORDERHUB_ALERT_WEBHOOK_URL || undefined,
    webhookSecret: env.ORDERHUB_ALERT_WEBHOOK_SECRET || undefined,
    smtpUrl: env.ORDERHUB_ALERT_SMTP_URL || undefined,
    emailFrom: env.ORDERHUB_ALERT_EMAIL_FROM || 'orderhub@localhost',
    emailTo: (env.ORDERHUB_ALERT_EMAIL_TO ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    reminderMinutes: num(env.ORDERHUB_ALERT_REMINDER_MINUTES, 60, 'ORDERHUB_ALERT_REMINDER_MINUTES'),
    quietFactor: num(env.ORDERHUB_ALERT_QUIET_FACTOR, 4, 'ORDERHUB_ALERT_QUIET_FACTOR'),
    queueBacklog: num(env.ORDERHUB_ALERT_QUEUE_BACKLOG, 1000, 'ORDERHUB_ALERT_QUEUE_BACKLOG'),
    queueBacklogMinutes: num(
      env.ORDERHUB_ALERT_QUEUE_BACKLOG_MINUTES,
      5,
      'ORDERHUB_ALERT_QUEUE_BACKLOG_MINUTES',
    ),
    intervalMs: Math.max(100, num(env.ORDERHUB_ALERT_INTERVAL_MS, 30_000, 'ORDERHUB_ALERT_INTERVAL_MS')),
    heldHours: num(env.ORDERHUB_ALERT_HELD_HOURS, 4, 'ORDERHUB_ALERT_HELD_HOURS'),
  };
}
