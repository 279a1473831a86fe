import { describe, expect, it } from 'vitest';
import { parseJsonExact } from '../../src/sdk';
import { pddSign } from './sign';

// Computed independently (Python hashlib) from the documented algorithm.
const EXPECTED = 'E21ABBA995121492372C1409AC8C8ECE';
const PARAMS = {
  type: 'pdd.order.number.list.increment.get',
  client_id: 'abc123',
  access_token: 'tok',
  timestamp: '1773000000',
  data_type: 'JSON',
  version: 'V1',
  page: '1',
};

describe('Pinduoduo signature', () => {
  it('is MD5(secret + sorted key/value pairs + secret), upper-case hex', () => {
    expect(pddSign(PARAMS, 'testsecret')).toBe(EXPECTED);
  });

  it('ignores an existing sign parameter and does not depend on insertion order', () => {
    const reversed = Object.fromEntries(Object.entries(PARAMS).reverse());
    expect(pddSign({ ...reversed, sign: 'OLD' }, 'testsecret')).toBe(EXPECTED);
  });
});

describe('exact JSON', () => {
  it('keeps long ids exact', () => {
    expect(parseJsonExact('{"sku_id":12345678901234567890,"goods_price":99.0}')).toEqual({
      sku_id: '12345678901234567890',
      goods_price: 99,
    });
  });
});
