import { describe, expect, it } from 'vitest';
import {
  isAbsent,
  isAbsentOrBlank,
  mappingFailure,
  moneyTotal,
  own,
  parseJsonExact,
  rawReader,
} from '../../src/sdk';

const strict = rawReader({ blankIsAbsent: false, numbersAsText: false });
const loose = rawReader({ blankIsAbsent: true, numbersAsText: true });

describe('raw reader', () => {
  it('tells "no value" apart by the channel’s rule', () => {
    expect([null, undefined, ''].map(isAbsent)).toEqual([true, true, false]);
    expect([null, undefined, '', 0].map(isAbsentOrBlank)).toEqual([true, true, true, false]);
    expect(strict.absent('')).toBe(false);
    expect(loose.absent('')).toBe(true);
  });

  it('reads objects and lists, naming the path of a missing or misshapen one', () => {
    expect(strict.obj({ a: 1 }, '/o')).toEqual({ a: 1 });
    expect(mappingFailure(() => strict.obj(null, '/o'))).toMatchObject({
      code: 'MAPPING_MISSING_FIELD',
      path: '/o',
    });
    expect(mappingFailure(() => strict.obj('', '/o'))).toMatchObject({
      code: 'MAPPING_UNKNOWN_VALUE',
      message: 'unknown object shape at /o',
    });
    expect(mappingFailure(() => loose.obj('', '/o')).code).toBe('MAPPING_MISSING_FIELD');
    expect(mappingFailure(() => strict.obj([], '/o')).code).toBe('MAPPING_UNKNOWN_VALUE');
    expect(strict.list(undefined, '/l')).toEqual([]);
    expect(strict.list([1], '/l')).toEqual([1]);
    expect(mappingFailure(() => strict.list({}, '/l'))).toMatchObject({
      path: '/l',
      message: 'unknown list shape at /l',
    });
  });

  it('reads text, taking numbers only where the channel writes them for text', () => {
    expect(strict.text('', '/t')).toBeNull();
    expect(strict.text(null, '/t')).toBeNull();
    expect(loose.text(42, '/t')).toBe('42');
    expect(mappingFailure(() => strict.text(42, '/t')).message).toBe('unknown text value at /t');
    expect(mappingFailure(() => loose.text(Number.NaN, '/t')).code).toBe('MAPPING_UNKNOWN_VALUE');
    expect(mappingFailure(() => strict.requiredText('', '/t'))).toMatchObject({
      code: 'MAPPING_MISSING_FIELD',
      message: 'missing required field /t',
    });
  });

  it('reads ids exactly, refusing zero where the channel counts from one', () => {
    expect(strict.id(0, '/id')).toBe('0');
    expect(strict.id('0012', '/id')).toBe('0012');
    expect(mappingFailure(() => strict.id(0, '/id', { positive: true })).message).toBe(
      'unknown id value at /id',
    );
    expect(mappingFailure(() => strict.id('012', '/id', { positive: true })).code).toBe(
      'MAPPING_UNKNOWN_VALUE',
    );
    expect(mappingFailure(() => strict.id(2 ** 53, '/id')).code).toBe('MAPPING_UNKNOWN_VALUE');
    expect(mappingFailure(() => strict.id(-1, '/id', { what: 'order id' })).message).toBe(
      'unknown order id at /id',
    );
    expect(mappingFailure(() => strict.id('', '/id')).code).toBe('MAPPING_UNKNOWN_VALUE');
    expect(mappingFailure(() => loose.id('', '/id')).code).toBe('MAPPING_MISSING_FIELD');
  });

  it('reads integers of at least a minimum, and booleans', () => {
    expect(strict.int(-3, '/n')).toBe(-3);
    expect(strict.int(2, '/n', 1)).toBe(2);
    expect(mappingFailure(() => strict.int(0, '/n', 1)).message).toBe('unknown quantity at /n');
    expect(mappingFailure(() => strict.int(1.5, '/n', 1, 'integer')).message).toBe('unknown integer at /n');
    expect(mappingFailure(() => strict.int('2', '/n')).code).toBe('MAPPING_UNKNOWN_VALUE');
    expect(mappingFailure(() => strict.int(undefined, '/n')).code).toBe('MAPPING_MISSING_FIELD');
    expect(strict.bool(false, '/b')).toBe(false);
    expect(strict.optionalBool(null, '/b')).toBeUndefined();
    expect(mappingFailure(() => strict.optionalBool('true', '/b')).message).toBe(
      'unknown boolean value at /b',
    );
  });

  it('reads amounts as canonical money strings, blank as missing', () => {
    expect(strict.amount('12.5', '/a', 'USD')).toBe('12.50');
    expect(strict.amount(3, '/a', 'JPY')).toBe('3');
    expect(strict.optionalAmount(undefined, '/a', 'EUR')).toBe('0.00');
    expect(mappingFailure(() => strict.amount('', '/a', 'USD')).code).toBe('MAPPING_MISSING_FIELD');
    expect(mappingFailure(() => strict.amount('1,50', '/a', 'USD')).message).toBe('unknown amount at /a');
    expect(moneyTotal(['1.10', '2.205'], 'USD')).toBe('3.305');
  });

  it('reads timestamps with an offset and known currencies only', () => {
    expect(strict.timestamp('2026-03-01T10:00:00+01:00', '/at')).toEqual({
      utc: '2026-03-01T09:00:00.000Z',
      offset: '+01:00',
    });
    expect(mappingFailure(() => strict.timestamp('2026-03-01T10:00:00', '/at')).message).toBe(
      'unknown timestamp (an offset is required) at /at',
    );
    expect(mappingFailure(() => strict.timestamp('', '/at')).code).toBe('MAPPING_MISSING_FIELD');
    expect(strict.currencyCode('EUR', '/c')).toBe('EUR');
    expect(mappingFailure(() => strict.currencyCode('BTC', '/c')).message).toBe('unknown currency at /c');
    expect(mappingFailure(() => strict.currencyCode('eur', '/c')).code).toBe('MAPPING_UNKNOWN_VALUE');
  });

  it('reads naive times of a fixed-offset zone, and counts sent as digit strings where allowed', () => {
    expect(loose.zonedTime('2026-03-08 00:30:00', '/t', '+08:00', 'China time')).toEqual({
      utc: '2026-03-07T16:30:00.000Z',
      offset: '+08:00',
    });
    expect(loose.optionalZonedTime('', '/t', '+08:00', 'China time')).toBeUndefined();
    expect(
      mappingFailure(() => loose.zonedTime('2026-03-08T00:30:00', '/t', '+08:00', 'China time')).message,
    ).toBe('unknown time (expected yyyy-MM-dd HH:mm:ss in China time) at /t');
    expect(mappingFailure(() => loose.zonedTime('', '/t', '+08:00', 'China time')).code).toBe(
      'MAPPING_MISSING_FIELD',
    );
    const counts = rawReader({ blankIsAbsent: true, numbersAsText: true, digitStringIntegers: true });
    expect(counts.int('3', '/n', 1)).toBe(3);
    expect(mappingFailure(() => counts.int('0', '/n', 1)).message).toBe('unknown quantity at /n');
    expect(mappingFailure(() => loose.int('3', '/n', 1)).code).toBe('MAPPING_UNKNOWN_VALUE');
  });

  it('looks rule tables up by own keys only', () => {
    const table: Readonly<Record<string, number>> = { paid: 1 };
    expect(own(table, 'paid')).toBe(1);
    expect(own(table, 'constructor')).toBeUndefined();
  });
});

describe('parseJsonExact', () => {
  it.each([
    ['an id past 2^53', '{"id": 4028815530127731845}', { id: '4028815530127731845' }],
    ['a negative one', '[-9007199254740993]', ['-9007199254740993']],
    ['the largest safe integer', '[9007199254740991]', [9007199254740991]],
    [
      'digits inside a string',
      '{"note": "x 4028815530127731845 \\" 1"}',
      { note: 'x 4028815530127731845 " 1' },
    ],
    ['an exponent', '{"f": 1.5e3}', { f: 1500 }],
  ])('reads %s exactly', (_what, text, expected) => {
    expect(parseJsonExact(text)).toEqual(expected);
  });

  it.each(['<html>', ''])('gives undefined for %j, which is not JSON', (text) => {
    expect(parseJsonExact(text)).toBeUndefined();
  });
});
