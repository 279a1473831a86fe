import {
  authError,
  configError,
  ConnectorError,
  lookup,
  rateLimitedError,
  rejectedError,
  transientError,
  type ConnectorContext,
} from '../../src/sdk';
import { DEFAULT_ENDPOINT, type QimenConfig } from './config';
import { chinaTime, qimenSign } from './sign';
import { parseXml, textAt, XmlSyntaxError, type XmlElement } from './xml';

/** A parsed Qimen answer. */
export interface QimenAnswer {
  flag: 'success' | 'failure';
  code: string;
  message: string;
  root: XmlElement;
}

/** What a failure code means for the queue; ops extend it through the `qimen-response-codes` table. */
export type CodeClass =
  'duplicate' | 'shipped' | 'rejected' | 'transient' | 'auth' | 'rate_limited' | 'config';
export const CODES_TABLE = 'qimen-response-codes';

// Gateway codes of the Taobao open platform that Qimen answers with before a WMS sees the call.
const GATEWAY_CODES: Readonly<Record<string, CodeClass>> = {
  'sign-check-failure': 'auth',
  'isv.sign-check-failure': 'auth',
  'invalid-signature': 'auth',
  'isv.appkey-not-exists': 'auth',
  'invalid-app-key': 'auth',
  'missing-app-key': 'auth',
  'isv.invalid-customerid': 'config',
  'accesscontrol.limited-by-api-access-count': 'rate_limited',
  'accesscontrol.limited-by-app-access-count': 'rate_limited',
  'isp.service-unavailable': 'transient',
  'isp.remote-service-timeout': 'transient',
  'isp.remote-connection-error': 'transient',
};
const CLASSES: readonly CodeClass[] = [
  'duplicate',
  'shipped',
  'rejected',
  'transient',
  'auth',
  'rate_limited',
  'config',
];
const isClass = (v: string | undefined): v is CodeClass => CLASSES.some((c) => c === v);

/** Classifies a failure code: the ops table first, then known gateway codes; anything else is a refusal. */
export function classifyCode(ctx: Pick<ConnectorContext<QimenConfig>, 'tables'>, code: string): CodeClass {
  const fromTable = lookup(ctx.tables, CODES_TABLE, code);
  if (isClass(fromTable)) return fromTable;
  const known = GATEWAY_CODES[code];
  if (known) return known;
  if (code.startsWith('isp.')) return 'transient';
  return 'rejected';
}

/** The error for a failure answer that is not a duplicate: never carries the request, only the WMS's words. */
export function failureError(cls: CodeClass, answer: QimenAnswer, method: string): ConnectorError {
  const what = `${method} failed: ${answer.code || 'no code'} ${answer.message}`.slice(0, 300);
  const code = `QIMEN_${(answer.code || 'FAILURE').toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`.slice(0, 80);
  switch (cls) {
    case 'auth':
      return authError(what, {
        code,
        remedy: 'Check appKey, appSecret and customerId; the signature or app was refused.',
      });
    case 'config':
      return configError(what, { code, remedy: 'Check customerId, warehouse and owner codes with the WMS.' });
    case 'transient':
      return transientError(what, { code });
    case 'rate_limited':
      return rateLimitedError(what, { code, retryAfterMs: 60_000 });
    case 'shipped':
      return rejectedError(what, {
        code: 'QIMEN_ALREADY_SHIPPED',
        remedy: 'The warehouse has already shipped the order; handle it as a return instead of a cancel.',
      });
    default:
      return rejectedError(what, {
        code,
        remedy: `The WMS refused the order. Fix it and replay; if this code means "already exists", add it to mappings/${CODES_TABLE}.json as "duplicate".`,
      });
  }
}

/** The method name as the endpoint wants it. */
export function methodName(config: QimenConfig, short: string): string {
  return config.qualifiedMethodNames ? `taobao.qimen.${short}` : short;
}

/** Sends one signed call and reads the `<response>`; HTTP-level failures are classified by the SDK. */
export async function callQimen(
  ctx: ConnectorContext<QimenConfig>,
  short: string,
  body: string,
): Promise<QimenAnswer> {
  const { config } = ctx;
  if (!config.appKey || !config.appSecret || !config.customerId)
    throw configError('appKey, appSecret or customerId is not set', {
      code: 'QIMEN_CREDENTIALS_MISSING',
      remedy: 'Enter the Qimen app key and secret and the WMS customerId.',
    });
  const params: Record<string, string> = {
    method: methodName(config, short),
    app_key: config.appKey,
    customerId: config.customerId,
    format: 'xml',
    sign_method: 'md5',
    timestamp: chinaTime(ctx.clock.now()),
    v: '2.0',
  };
  params.sign = qimenSign(params, body, config.appSecret);
  await ctx.rate.take('qimen');
  const res = await ctx.http.request({
    method: 'POST',
    url: config.endpoint ?? DEFAULT_ENDPOINT,
    params,
    headers: { 'content-type': 'text/xml;charset=utf-8' },
    body,
    responseType: 'text',
  });
  let root: XmlElement;
  try {
    root = parseXml(typeof res.data === 'string' ? res.data : '');
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    throw transientError(`${short}: the answer is not Qimen XML`, { code: 'QIMEN_RESPONSE_UNREADABLE' });
  }
  const flag = textAt(root, 'flag');
  if (root.name !== 'response' || (flag !== 'success' && flag !== 'failure'))
    throw transientError(`${short}: the answer has no success/failure flag`, {
      code: 'QIMEN_RESPONSE_UNREADABLE',
    });
  return { flag, code: textAt(root, 'code'), message: textAt(root, 'message').slice(0, 200), root };
}
