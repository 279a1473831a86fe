import type { FastifyInstance } from 'fastify';
import type { Hub } from '../../hub';
import {
  alertsInputSchema,
  loadAlertSettings,
  publicSettings,
  saveAlertSettings,
  type AlertsInput,
} from '../../ops/alert-config';
import { listAlertStates } from '../../ops/alerts';
import { audit } from '../../pipeline/replay';
import { errorResponses } from '../schemas';

/** Alert channels and thresholds (admin). Secrets are write-only: GET says whether they are set, never what. */
export function alertRoutes(hub: Hub) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get(
      '/v1/alerts',
      {
        config: { role: 'admin' },
        schema: {
          tags: ['alerts'],
          summary: 'Alert channels, thresholds and the alerts open or recently resolved',
        },
      },
      async () => {
        const { settings, source } = await loadAlertSettings(hub);
        return { ...publicSettings(settings, source), alerts: await listAlertStates(hub) };
      },
    );

    app.put<{ Body: AlertsInput }>(
      '/v1/alerts',
      {
        config: { role: 'admin' },
        schema: {
          tags: ['alerts'],
          summary: 'Replace the alert configuration (omitted secrets are kept, null removes them)',
          body: alertsInputSchema,
          response: errorResponses(400),
        },
      },
      async (req) => {
        const saved = await saveAlertSettings(hub, req.body);
        await audit(hub, req.principal?.name ?? 'unknown', 'alerts.configure', 'alerts', {
          webhook: saved.webhook !== null,
          email: saved.email !== null,
          enabled: saved.enabled,
        });
        return publicSettings(saved, 'document');
      },
    );
  };
}
