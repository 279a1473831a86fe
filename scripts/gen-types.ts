// Generates src/core/canonical-order.ts from schemas/canonical-order.v1.json, so the TypeScript types and the
// JSON Schema have one source. `npm run gen:types`; a test fails when the generated file is stale.
import { readFile, writeFile } from 'node:fs/promises';
import { compile } from 'json-schema-to-typescript';

export async function generateCanonicalTypes(): Promise<string> {
  const schema = JSON.parse(await readFile('schemas/canonical-order.v1.json', 'utf8'));
  return compile(schema, 'CanonicalOrder', {
    bannerComment:
      '/* Generated from schemas/canonical-order.v1.json by `npm run gen:types`. Do not edit by hand. */',
    additionalProperties: false,
    unreachableDefinitions: false,
    ignoreMinAndMaxItems: true,
    style: { singleQuote: true, printWidth: 110 },
  });
}

if (process.argv[1]?.endsWith('gen-types.ts')) {
  await writeFile('src/core/canonical-order.ts', await generateCanonicalTypes());
}
