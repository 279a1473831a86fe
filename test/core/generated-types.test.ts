import { readFileSync } from 'node:fs';
import { format } from 'prettier';
import { describe, expect, it } from 'vitest';
import { generateCanonicalTypes } from '../../scripts/gen-types';

describe('canonical order types', () => {
  it('are generated from schemas/canonical-order.v1.json (run `npm run gen:types` after editing the schema)', async () => {
    const normalize = (ts: string) =>
      format(ts, { parser: 'typescript', singleQuote: true, printWidth: 110 });
    expect(await normalize(readFileSync('src/core/canonical-order.ts', 'utf8'))).toBe(
      await normalize(await generateCanonicalTypes()),
    );
  });
});
