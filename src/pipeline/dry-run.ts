import { HubError } from '../core/errors';
import { orderId } from '../core/ids';
import { completeOrder, type CanonicalOrder } from '../core/order';
import { checkTotals } from '../core/totals';
import { validateCanonicalOrder } from '../core/validation';
import type { AnySource } from '../registry';
import type { MappingContext } from '../sdk/context';
import { MappingError } from '../sdk/errors';

/** What normalizing one raw record would give, without storing anything. */
export type DryRun =
  | { ok: true; order: CanonicalOrder }
  /** `order` is present when only the totals check failed: the hub would store it held. */
  | { ok: false; code: string; message: string; order?: CanonicalOrder };

/**
 * Maps, validates and totals one raw record as normalization would. For previews: the CLI's `normalize`, forms
 * and imports that answer a person at once instead of quarantining what they can still correct.
 */
export function dryRun(definition: AnySource, raw: unknown, ctx: MappingContext<unknown>): DryRun {
  try {
    const { externalId } = definition.identify(raw);
    const draft = definition.toCanonical(raw, ctx);
    const order = completeOrder(
      { ...draft, channel: { ...draft.channel, connectionId: ctx.connectionId } },
      orderId(ctx.connectionId, externalId),
      1,
    );
    const valid = validateCanonicalOrder(order);
    if (!valid.ok)
      return {
        ok: false,
        code: 'CANONICAL_INVALID',
        message: valid.errors.map((e) => `${e.path} ${e.message}`).join('; '),
      };
    const off = checkTotals(order);
    if (off.length)
      return {
        ok: false,
        code: 'ORDER_TOTALS_MISMATCH',
        message: off
          .map((d) => `${d.check} at ${d.where}: expected ${d.expected}, got ${d.actual}`)
          .join('; '),
        order,
      };
    return { ok: true, order };
  } catch (error) {
    if (error instanceof MappingError || error instanceof HubError)
      return { ok: false, code: error.code, message: error.message };
    return {
      ok: false,
      code: 'MAPPING_FAILED',
      message: error instanceof Error ? error.message : 'mapping failed',
    };
  }
}
