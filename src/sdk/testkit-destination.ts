import { readdirSync } from 'node:fs';
import type { CanonicalOrder } from '../core/order';
import { validateCanonicalOrder } from '../core/validation';
import type { Clock, LookupTables, MappingContext } from './context';
import type { DeliveryInfo, DestinationDefinition } from './define';
import { ConnectorError, MappingError } from './errors';
import { createTestContext, fixedClock, fixturePath, readFixture, type TestContext } from './testkit';

const CANONICAL_SUFFIX = '.canonical.json';

/**
 * The `ConnectorError` a promise rejects with, for asserting on its kind, code and remedy. Fails the test when
 * the promise resolves or rejects with anything else (a bug would otherwise pass as "some error").
 */
export async function connectorFailure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

/**
 * The `MappingError` a mapping function throws, for asserting on its code, path and message. Fails the test when
 * `run` returns or throws anything else.
 */
export function mappingFailure(run: () => unknown): MappingError {
  try {
    run();
  } catch (error) {
    if (error instanceof MappingError) return error;
    throw error;
  }
  throw new Error('expected a MappingError');
}

/**
 * A destination's outbound fixture `fixtures/<connectorId>/outbound/<name>.canonical.json`, checked against the
 * canonical schema so a broken fixture fails loudly instead of testing a shape the hub never delivers.
 */
export function readCanonicalFixture(connectorId: string, name: string): CanonicalOrder {
  const result = validateCanonicalOrder(readFixture(connectorId, `outbound/${name}${CANONICAL_SUFFIX}`));
  if (!result.ok)
    throw new Error(`fixture ${connectorId}/${name} is not canonical: ${JSON.stringify(result.errors)}`);
  return result.value;
}

/** Names (without `.canonical.json`) of a destination's outbound fixtures, sorted. */
export function outboundFixtureNames(connectorId: string): string[] {
  return readdirSync(fixturePath(connectorId, 'outbound'))
    .filter((f) => f.endsWith(CANONICAL_SUFFIX))
    .map((f) => f.slice(0, -CANONICAL_SUFFIX.length))
    .sort();
}

/** A JSON fixture holding an object or array (not null or a scalar), e.g. a recorded HTTP answer for nock. */
export function readObjectFixture(connectorId: string, file: string): object {
  const value = readFixture(connectorId, file);
  if (typeof value !== 'object' || value === null)
    throw new Error(`${connectorId}/${file} is not a JSON object`);
  return value;
}

/** The delivery the hub would hand a destination for `order`: its id and revision under delivery key `key`. */
export function deliveryInfoOf(
  order: Pick<CanonicalOrder, 'id' | 'revision'>,
  key: string,
  operation: DeliveryInfo['operation'] = 'upsert',
): DeliveryInfo {
  return { key, operation, orderId: order.id, revision: order.revision };
}

/** Options of `destinationTestKit`. */
export interface DestinationTestKitOptions {
  /** Where the fixed clock of each new context starts. */
  at: string;
  /** The lookup tables contexts get unless a test passes its own. */
  tables: LookupTables;
  /** The delivery key `info` hands out. */
  deliveryKey?: string;
}

/** What the kit needs of the destination under test. */
export type DestinationUnderTest<Config, Payload> = Pick<
  DestinationDefinition<Config, Payload>,
  'meta' | 'rateLimits' | 'fromCanonical'
>;

/** The scaffolding a destination's tests share, bound to the destination and one base configuration. */
export interface DestinationTestKit<Config, Payload> {
  /** A test context (connection `con_test`) with `config` over the base; a fresh clock unless one is given. */
  context(config?: Partial<Config>, timeoutMs?: number, clock?: Clock): TestContext<Config>;
  /** The mapping context `fromCanonical` gets (connection `con_test`), with `config` over the base. */
  mapping(config?: Partial<Config>, tables?: LookupTables): MappingContext<Config>;
  /** The destination's outbound fixture `<name>.canonical.json` (see `readCanonicalFixture`). */
  canonical(name: string): CanonicalOrder;
  /** The payload `fromCanonical` makes of outbound fixture `name`, changed first by `change`, with `config`. */
  payload(
    name: string,
    change?: (order: CanonicalOrder) => CanonicalOrder,
    config?: Partial<Config>,
  ): Payload;
  /** Names of the destination's outbound fixtures, sorted. */
  outboundNames(): string[];
  /** The destination's recorded HTTP answer `http/<name>.json`, as a nock reply body. */
  httpFixture(name: string): object;
  /** The delivery of `order` under the kit's delivery key. */
  info(order: Pick<CanonicalOrder, 'id' | 'revision'>, operation?: DeliveryInfo['operation']): DeliveryInfo;
  /** `connectorFailure`. */
  failure(promise: Promise<unknown>): Promise<ConnectorError>;
}

const DEFAULT_DELIVERY_KEY = 'dlv_0000000000000000000testkit';

/**
 * The test scaffolding every destination otherwise writes again: contexts with settings overridden per test
 * over `base`, a clock standing at `options.at`, the destination's rate limits and the shipped lookup tables;
 * its fixtures (under `fixtures/<meta.id>/`) read and checked, and mapped; deliveries; and the error a failed
 * call rejects with.
 */
export function destinationTestKit<Config, Payload>(
  destination: DestinationUnderTest<Config, Payload>,
  base: Config,
  options: DestinationTestKitOptions,
): DestinationTestKit<Config, Payload> {
  const id = destination.meta.id;
  const { rateLimits } = destination;
  const mapping = (config: Partial<Config> = {}, tables = options.tables): MappingContext<Config> => ({
    connectionId: 'con_test',
    config: { ...base, ...config },
    tables,
  });
  return {
    context: (config = {}, timeoutMs, clock = fixedClock(options.at)) =>
      createTestContext<Config>(
        { ...base, ...config },
        {
          clock,
          tables: options.tables,
          ...(rateLimits === undefined ? {} : { rateLimits }),
          ...(timeoutMs === undefined ? {} : { timeoutMs }),
        },
      ),
    mapping,
    canonical: (name) => readCanonicalFixture(id, name),
    payload: (name, change = (order) => order, config = {}) =>
      destination.fromCanonical(change(readCanonicalFixture(id, name)), mapping(config)),
    outboundNames: () => outboundFixtureNames(id),
    httpFixture: (name) => readObjectFixture(id, `http/${name}.json`),
    info: (order, operation = 'upsert') =>
      deliveryInfoOf(order, options.deliveryKey ?? DEFAULT_DELIVERY_KEY, operation),
    failure: connectorFailure,
  };
}
