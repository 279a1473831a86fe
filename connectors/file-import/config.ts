import type { ConfigSchema } from '../../src/sdk';

/** Settings of a file-import connection. */
export interface FileImportConfig {
  /** Column profile: the lookup table `file-import-columns-<profile>` naming the file's column per field. */
  columnProfile: string;
  /** ISO 4217 currency of amounts, for files without a currency column. */
  currency?: string;
  /** True when the file's prices include tax. */
  taxesIncluded: boolean;
  /** UTC offset of dates written without one (spreadsheets rarely carry a zone), e.g. `+08:00`. */
  timezoneOffset: string;
  /** `import` for spreadsheets kept by hand, `marketplace` for marketplace order reports. */
  sourceType: 'import' | 'marketplace';
  /** CSV delimiter; read from the header line when absent. */
  delimiter?: ',' | ';' | '\t';
  /** A folder the hub watches for new files (absolute path). Imported files move to `imported/` in it. */
  watchFolder?: string;
  /** How often the watched folder is read. Default 60. */
  pollIntervalSeconds?: number;
}

export const configSchema: ConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['columnProfile', 'taxesIncluded', 'timezoneOffset', 'sourceType'],
  properties: {
    columnProfile: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
    taxesIncluded: { type: 'boolean' },
    timezoneOffset: { type: 'string', pattern: '^(Z|[+-](0\\d|1[0-4]):[0-5]\\d)$' },
    sourceType: { enum: ['import', 'marketplace'] },
    delimiter: { enum: [',', ';', '\t'] },
    watchFolder: { type: 'string', pattern: '^/' },
    pollIntervalSeconds: { type: 'integer', minimum: 5, maximum: 86400 },
  },
};
