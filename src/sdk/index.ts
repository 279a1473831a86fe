/**
 * Everything a connector imports. Nothing else in src/ is imported by connectors/.
 * @packageDocumentation
 */
export * from './define';
export * from './context';
export * from './errors';
export type { HttpClient, HttpRequest, HttpResponse } from './http';
export { parseRetryAfter } from './http';
export { safeEqual, hmacBase64, hmacHex } from './crypto';
export { money, parseAmount, dec, sum, isDecimalString, minorUnits } from '../core/money';
export { toUtc, compareRevisions } from '../core/revision';
export { compileSchema } from '../core/validation';
export type { FieldError, Validated } from '../core/validation';
export type * from '../core/order';
export type { DeliveryOperation } from '../core/ids';
export * from './http-failures';
export * from './json';
export * from './raw';
export * from './lookups';
export * from './buyer';
export * from './days';
export * from './numbers';
export * from './testkit';
export * from './testkit-destination';
export * from './testkit-source';
export { runWindows, PULL_DEFAULTS } from './window';
export type { WindowRun, WindowRunResult } from './window';
