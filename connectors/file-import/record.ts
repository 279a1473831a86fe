import { compileSchema, MappingError } from '../../src/sdk';
import { ALL_FIELDS, type ImportRecord } from './fields';

const validate = compileSchema<ImportRecord>({
  type: 'object',
  additionalProperties: false,
  required: ['file', 'importedAt', 'orderNumber', 'rows'],
  properties: {
    file: { type: 'string' },
    importedAt: { type: 'string' },
    orderNumber: { type: 'string', minLength: 1 },
    rows: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['row', 'cells'],
        properties: {
          row: { type: 'integer', minimum: 1 },
          cells: {
            type: 'object',
            additionalProperties: false,
            properties: Object.fromEntries(ALL_FIELDS.map((f) => [f, { type: 'string' }])),
          },
        },
      },
    },
  },
});

/** Checks a raw record (as stored, or as ops edited it for a replay). */
export function readRecord(raw: unknown): ImportRecord {
  const checked = validate(raw);
  if (!checked.ok)
    throw new MappingError(
      'MAPPING_FAILED',
      checked.errors[0]?.path ?? '',
      `not a file-import record: ${checked.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
    );
  return checked.value;
}
