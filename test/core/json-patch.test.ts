import { describe, expect, it } from 'vitest';
import { HubError } from '../../src/core/errors';
import { applyJsonPatch, type JsonPatchOp } from '../../src/core/json-patch';

const order = () => ({
  status: 'awaiting_review',
  'a/b': { '~t': 1 },
  lines: [{ sku: 'A' }, { sku: 'B' }],
  customer: { email: 'x@example.com' },
});

function failure(doc: unknown, patch: JsonPatchOp[]): HubError {
  try {
    applyJsonPatch(doc, patch);
  } catch (error) {
    if (error instanceof HubError) return error;
    throw error;
  }
  throw new Error('the patch applied');
}

describe('applyJsonPatch', () => {
  it('replaces, adds, removes and appends, on a copy', () => {
    const doc = order();
    const out = applyJsonPatch(doc, [
      { op: 'test', path: '/status', value: 'awaiting_review' },
      { op: 'replace', path: '/status', value: 'paid' },
      { op: 'add', path: '/lines/-', value: { sku: 'C' } },
      { op: 'add', path: '/lines/0', value: { sku: 'Z' } },
      { op: 'remove', path: '/customer/email' },
      { op: 'add', path: '/note', value: null },
    ]);
    expect(out).toEqual({
      status: 'paid',
      'a/b': { '~t': 1 },
      lines: [{ sku: 'Z' }, { sku: 'A' }, { sku: 'B' }, { sku: 'C' }],
      customer: {},
      note: null,
    });
    expect(doc).toEqual(order());
  });

  it('reads escaped pointer tokens (~1 for /, ~0 for ~)', () => {
    expect(applyJsonPatch(order(), [{ op: 'replace', path: '/a~1b/~0t', value: 2 }])).toMatchObject({
      'a/b': { '~t': 2 },
    });
  });

  it('refuses, naming the operation, what cannot apply', () => {
    const cases: [JsonPatchOp[], RegExp][] = [
      [[{ op: 'test', path: '/status', value: 'paid' }], /operation 1 \(test \/status\): the value differs/],
      [[{ op: 'replace', path: '/missing', value: 1 }], /nothing is there/],
      [[{ op: 'remove', path: '/lines/5' }], /nothing is there/],
      [[{ op: 'add', path: '/nope/deeper', value: 1 }], /"nope" is not there/],
      [[{ op: 'add', path: '/lines/7', value: 1 }], /not an index/],
      [[{ op: 'add', path: '/__proto__/polluted', value: 1 }], /__proto__/],
      [[{ op: 'remove', path: '' }], /whole document/],
    ];
    for (const [patch, message] of cases) {
      const error = failure(order(), patch);
      expect(error.code).toBe('EXCEPTION_PATCH_FAILED');
      expect(error.message).toMatch(message);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('is all or nothing: a later failure leaves no earlier change behind', () => {
    const doc = order();
    failure(doc, [
      { op: 'replace', path: '/status', value: 'paid' },
      { op: 'test', path: '/customer/email', value: 'other@example.com' },
    ]);
    expect(doc.status).toBe('awaiting_review');
  });

  it('compares objects and arrays by value in test', () => {
    expect(() =>
      applyJsonPatch(order(), [{ op: 'test', path: '/lines', value: [{ sku: 'A' }, { sku: 'B' }] }]),
    ).not.toThrow();
    expect(failure(order(), [{ op: 'test', path: '/lines', value: [{ sku: 'A' }] }]).code).toBe(
      'EXCEPTION_PATCH_FAILED',
    );
  });
});
