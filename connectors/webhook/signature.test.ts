import { describe, expect, it } from 'vitest';
import { readFixture } from '../../src/sdk/testkit';
import { decodeSigningSecret, signStandardWebhook, verifyStandardWebhook } from './signature';

// The Standard Webhooks reference test vector (the same one the official libraries test against).
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const at = new Date(VECTOR.timestamp * 1000);
const headers = {
  'webhook-id': VECTOR.id,
  'webhook-timestamp': String(VECTOR.timestamp),
  'webhook-signature': VECTOR.signature,
};

describe('Standard Webhooks signature', () => {
  it('reproduces the reference test vector', () => {
    expect(signStandardWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(
      VECTOR.signature,
    );
    expect(signStandardWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, Buffer.from(VECTOR.body))).toBe(
      VECTOR.signature,
    );
  });

  it('matches the published fixture', () => {
    expect(readFixture('webhook', 'signed/standard-webhooks-vector.json')).toEqual(VECTOR);
  });

  it('verifies the vector, with any header case and with fetch Headers', () => {
    expect(verifyStandardWebhook(VECTOR.secret, headers, VECTOR.body, { now: at })).toEqual({
      ok: true,
      id: VECTOR.id,
      timestamp: VECTOR.timestamp,
    });
    const upper = {
      'Webhook-Id': VECTOR.id,
      'Webhook-Timestamp': String(VECTOR.timestamp),
      'Webhook-Signature': VECTOR.signature,
    };
    expect(verifyStandardWebhook(VECTOR.secret, upper, VECTOR.body, { now: at }).ok).toBe(true);
    expect(verifyStandardWebhook(VECTOR.secret, new Headers(headers), VECTOR.body, { now: at }).ok).toBe(
      true,
    );
  });

  it('accepts any one of several signatures (secret rotation)', () => {
    const rotated = { ...headers, 'webhook-signature': `v1,bm9wZQ== ${VECTOR.signature}` };
    expect(verifyStandardWebhook(VECTOR.secret, rotated, VECTOR.body, { now: at }).ok).toBe(true);
  });

  it('refuses a changed body, a wrong secret and a wrong version prefix', () => {
    expect(verifyStandardWebhook(VECTOR.secret, headers, '{"test": 2432232315}', { now: at })).toEqual({
      ok: false,
      code: 'WEBHOOK_SIGNATURE_INVALID',
    });
    const other = `whsec_${Buffer.alloc(24, 7).toString('base64')}`;
    expect(verifyStandardWebhook(other, headers, VECTOR.body, { now: at }).ok).toBe(false);
    const v2 = { ...headers, 'webhook-signature': VECTOR.signature.replace('v1,', 'v2,') };
    expect(verifyStandardWebhook(VECTOR.secret, v2, VECTOR.body, { now: at }).ok).toBe(false);
  });

  it('reports missing headers', () => {
    const { 'webhook-signature': _omitted, ...partial } = headers;
    expect(verifyStandardWebhook(VECTOR.secret, partial, VECTOR.body, { now: at })).toEqual({
      ok: false,
      code: 'WEBHOOK_SIGNATURE_MISSING',
    });
  });

  it('enforces the timestamp tolerance both ways', () => {
    const late = new Date(at.getTime() + 301_000);
    const early = new Date(at.getTime() - 301_000);
    expect(verifyStandardWebhook(VECTOR.secret, headers, VECTOR.body, { now: late })).toEqual({
      ok: false,
      code: 'WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE',
    });
    expect(verifyStandardWebhook(VECTOR.secret, headers, VECTOR.body, { now: early }).ok).toBe(false);
    expect(
      verifyStandardWebhook(VECTOR.secret, headers, VECTOR.body, { now: late, toleranceSeconds: 600 }).ok,
    ).toBe(true);
    const garbage = { ...headers, 'webhook-timestamp': '1614265330abc' };
    expect(verifyStandardWebhook(VECTOR.secret, garbage, VECTOR.body, { now: at }).ok).toBe(false);
  });

  it('decodes only whsec_ secrets of 24–64 bytes', () => {
    expect(decodeSigningSecret(VECTOR.secret)?.length).toBe(24);
    expect(decodeSigningSecret(`whsec_${Buffer.alloc(64, 1).toString('base64')}`)?.length).toBe(64);
    expect(decodeSigningSecret(`whsec_${Buffer.alloc(16, 1).toString('base64')}`)).toBeUndefined();
    expect(decodeSigningSecret(VECTOR.secret.slice('whsec_'.length))).toBeUndefined();
    expect(() => signStandardWebhook('whsec_short', 'id', 1, 'x')).toThrow(TypeError);
  });
});
