import { describe, expect, it } from 'vitest';
import {
  ConnectorError,
  authError,
  gatewayCheckFailureOf,
  rateLimitedError,
  rejectedError,
  transientError,
  type GatewayCheckTexts,
} from '../../src/sdk';

const texts: GatewayCheckTexts = {
  rateLimited: { code: 'ACME_RATE_LIMITED', remedy: 'Wait.' },
  unreachable: { code: 'ACME_UNREACHABLE', remedy: 'Check the network.' },
  refusedRemedy: 'Look the code up.',
};

describe('gatewayCheckFailureOf', () => {
  it('passes an error with a remedy through, whatever its kind', () => {
    const error = rejectedError('bad sign', { code: 'ACME_SIGN', remedy: 'Fix the secret.' });
    expect(gatewayCheckFailureOf(error, texts)).toEqual({
      ok: false,
      code: 'ACME_SIGN',
      message: 'bad sign',
      remedy: 'Fix the secret.',
    });
    expect(gatewayCheckFailureOf(authError('no', { code: 'A', remedy: 'R' }), texts).remedy).toBe('R');
  });

  it('gives rate limits and transport failures the connector code, keeping the message', () => {
    const limited = rateLimitedError('banned', { code: 'ACME_BAN', retryAfterMs: 1000 });
    expect(gatewayCheckFailureOf(limited, texts)).toEqual({
      ok: false,
      code: 'ACME_RATE_LIMITED',
      message: 'banned',
      remedy: 'Wait.',
    });
    for (const code of ['HTTP_NETWORK', 'HTTP_TIMEOUT', 'HTTP_CANCELLED'])
      expect(gatewayCheckFailureOf(transientError('down', { code }), texts).code).toBe('ACME_UNREACHABLE');
  });

  it('keeps the gateway code of any other failure, with the refusal remedy', () => {
    expect(gatewayCheckFailureOf(transientError('busy', { code: 'ACME_15' }), texts)).toEqual({
      ok: false,
      code: 'ACME_15',
      message: 'busy',
      remedy: 'Look the code up.',
    });
    expect(
      gatewayCheckFailureOf(new ConnectorError('bug', 'odd', { code: 'HTTP_NETWORK' }), texts).code,
    ).toBe('HTTP_NETWORK');
  });

  it('rethrows anything that is not a ConnectorError', () => {
    expect(() => gatewayCheckFailureOf(new TypeError('boom'), texts)).toThrow('boom');
  });
});
