import { describe, expect, it } from 'vitest';
import { parseJsonExact } from '../../src/sdk';
import { formatChinaTime } from './raw';
import { topSign } from './sign';

// Computed independently (Python hashlib/hmac) from the documented algorithm.
const MD5_EXPECTED = 'F561215703F5A25C607A0A1ADEDA4DF2';
const HMAC_EXPECTED = '524307F92AF20D7163DD3A01DB692D11';
const SHA256_EXPECTED = '2D450A0E318698401905466823F5512F3112E60DC15E58C46B60FCEAEA3E2D1D';

const PARAMS = {
  method: 'taobao.trades.sold.increment.get',
  app_key: '12345678',
  session: 'test-session',
  timestamp: '2026-03-08 10:00:00',
  v: '2.0',
  sign_method: 'md5',
  format: 'json',
  page_no: '1',
  empty: '',
};

describe('TOP signature', () => {
  it('md5: MD5(secret + sorted key/value pairs + secret), upper-case hex, empty values skipped', () => {
    expect(topSign(PARAMS, 'testsecret', 'md5')).toBe(MD5_EXPECTED);
  });

  it('hmac: HMAC-MD5 of the pairs keyed with the secret', () => {
    expect(topSign({ ...PARAMS, sign_method: 'hmac' }, 'testsecret', 'hmac')).toBe(HMAC_EXPECTED);
  });

  it('hmac-sha256: HMAC-SHA256 of the pairs keyed with the secret', () => {
    expect(topSign({ ...PARAMS, sign_method: 'hmac-sha256' }, 'testsecret', 'hmac-sha256')).toBe(
      SHA256_EXPECTED,
    );
  });

  it('ignores an existing sign parameter', () => {
    expect(topSign({ ...PARAMS, sign: 'OLD' }, 'testsecret', 'md5')).toBe(MD5_EXPECTED);
  });
});

describe('China time', () => {
  it('formats an instant as GMT+8 whole seconds', () => {
    expect(formatChinaTime(Date.parse('2026-03-07T16:30:00.999Z'))).toBe('2026-03-08 00:30:00');
    expect(formatChinaTime(Date.parse('2026-12-31T16:00:00Z'))).toBe('2027-01-01 00:00:00');
  });
});

describe('exact JSON', () => {
  it('keeps 64-bit integers exact and leaves strings and small numbers alone', () => {
    const text =
      '{"tid":4028815530127731845,"msg":"id 4028815530127731845 \\" 9","n":-12,"p":"1.50","f":2.5e3}';
    expect(parseJsonExact(text)).toEqual({
      tid: '4028815530127731845',
      msg: 'id 4028815530127731845 " 9',
      n: -12,
      p: '1.50',
      f: 2500,
    });
    expect(parseJsonExact('<html>')).toBeUndefined();
  });
});
