import { describe, expect, it } from 'vitest';
import {
  authError,
  checkFailureOf,
  ConnectorError,
  rateLimitedError,
  restateHttpFailure,
  transientError,
  type CheckFailureTexts,
  type StatusRestatement,
} from '../../src/sdk';

const RULES: Record<number, StatusRestatement> = {
  401: {
    kind: 'auth',
    message: 'Acme refused the key',
    code: 'ACME_KEY_INVALID',
    remedy: 'Paste a new key.',
  },
  404: { kind: 'config', message: 'Acme has no such shop', code: 'ACME_SHOP_UNKNOWN' },
};

const TEXTS: CheckFailureTexts = {
  rateLimited: { ok: false, code: 'ACME_RATE_LIMITED', message: 'slow down', remedy: 'Wait a minute.' },
  unreachable: (code) => ({
    ok: false,
    code: 'ACME_UNREACHABLE',
    message: `no answer (${code})`,
    remedy: 'Net.',
  }),
  unavailable: (status) => ({
    ok: false,
    code: 'ACME_UNAVAILABLE',
    message: `answered ${status}`,
    remedy: 'Later.',
  }),
};

describe('restateHttpFailure', () => {
  it('restates a listed status with the connector’s kind, code and remedy, keeping status and cause', () => {
    const generic = new ConnectorError('auth', 'GET api.acme.test/v1 answered 401', {
      code: 'HTTP_401',
      status: 401,
    });
    const restated = restateHttpFailure(generic, RULES);
    expect(restated).toBeInstanceOf(ConnectorError);
    expect(restated).toMatchObject({
      kind: 'auth',
      message: 'Acme refused the key',
      code: 'ACME_KEY_INVALID',
      remedy: 'Paste a new key.',
      status: 401,
      cause: generic,
    });
    const notFound = restateHttpFailure(
      new ConnectorError('config', 'x', { code: 'HTTP_404', status: 404 }),
      RULES,
    );
    expect(notFound).toMatchObject({ kind: 'config', code: 'ACME_SHOP_UNKNOWN', remedy: undefined });
  });

  it('passes anything else through unchanged', () => {
    const other = new ConnectorError('transient', 'x', { code: 'HTTP_503', status: 503 });
    const transport = transientError('timed out', { code: 'HTTP_TIMEOUT' });
    const bug = new TypeError('boom');
    expect(restateHttpFailure(other, RULES)).toBe(other);
    expect(restateHttpFailure(transport, RULES)).toBe(transport);
    expect(restateHttpFailure(bug, RULES)).toBe(bug);
  });
});

describe('checkFailureOf', () => {
  it('passes auth and config errors with a remedy through as they are', () => {
    const error = authError('bad key', { code: 'ACME_KEY_INVALID', status: 401, remedy: 'Paste a new key.' });
    expect(checkFailureOf(error, TEXTS)).toEqual({
      ok: false,
      code: 'ACME_KEY_INVALID',
      message: 'bad key',
      remedy: 'Paste a new key.',
    });
  });

  it('answers rate limits, unreachable remotes and other statuses with the connector’s texts', () => {
    expect(checkFailureOf(rateLimitedError('429', { code: 'X', retryAfterMs: 1000 }), TEXTS)).toBe(
      TEXTS.rateLimited,
    );
    expect(checkFailureOf(transientError('timed out', { code: 'HTTP_TIMEOUT' }), TEXTS)).toMatchObject({
      code: 'ACME_UNREACHABLE',
      message: 'no answer (HTTP_TIMEOUT)',
    });
    expect(
      checkFailureOf(new ConnectorError('transient', 'x', { code: 'HTTP_502', status: 502 }), TEXTS),
    ).toMatchObject({
      code: 'ACME_UNAVAILABLE',
      message: 'answered 502',
    });
    // An auth error without a remedy has nothing to tell ops: it counts as the remote's answer.
    expect(checkFailureOf(authError('no', { code: 'HTTP_403', status: 403 }), TEXTS)).toMatchObject({
      code: 'ACME_UNAVAILABLE',
    });
  });

  it('rethrows what is not a ConnectorError', () => {
    expect(() => checkFailureOf(new TypeError('boom'), TEXTS)).toThrow('boom');
  });
});
