import { lookup, type ImportFile, type MappingContext, type RowError } from '../../src/sdk';
import type { FileImportConfig } from './config';
import { ALL_FIELDS, REQUIRED_FIELDS, type Field, type ImportRecord } from './fields';
import { readSheet } from './table';

/** The file's column index of each mapped field, from the connection's column profile. */
function columnsOf(header: string[], ctx: MappingContext<FileImportConfig>): Map<Field, number> {
  const table = `file-import-columns-${ctx.config.columnProfile}`;
  const columns = new Map<Field, number>();
  const missing: string[] = [];
  for (const field of ALL_FIELDS) {
    const name = lookup(ctx.tables, table, field);
    if (name === undefined) {
      if ((REQUIRED_FIELDS as readonly string[]).includes(field))
        throw new Error(`column profile ${table} does not map the required field "${field}"`);
      continue;
    }
    const index = header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
    if (index < 0) missing.push(name);
    else columns.set(field, index);
  }
  if (missing.length)
    throw new Error(`the header lacks the column(s) ${missing.map((m) => `"${m}"`).join(', ')}`);
  return columns;
}

/**
 * Reads a file into one record per order number (an order's lines are its rows, wherever they are in the file).
 * A row without an order number is reported with its row number; everything else about a row's values is
 * judged by the mapping, so a bad order is quarantined with its reason and can be corrected and replayed.
 */
export async function parseFile(
  file: ImportFile,
  ctx: MappingContext<FileImportConfig>,
): Promise<{ records: ImportRecord[]; errors: RowError[] }> {
  const sheet = await readSheet(file, ctx.config.delimiter);
  const columns = columnsOf(sheet.header, ctx);
  const orderColumn = sheet.header[columns.get('orderNumber') ?? -1] ?? 'orderNumber';
  const byOrder = new Map<string, ImportRecord>();
  const errors: RowError[] = [];
  for (const { row, cells } of sheet.rows) {
    const values: Partial<Record<Field, string>> = {};
    for (const [field, index] of columns) {
      const value = cells[index] ?? '';
      if (value !== '') values[field] = value;
    }
    const orderNumber = values.orderNumber;
    if (!orderNumber) {
      errors.push({
        row,
        column: orderColumn,
        code: 'FILE_IMPORT_ORDER_NUMBER_MISSING',
        message: `row ${row} has no order number, so it belongs to no order`,
      });
      continue;
    }
    const record = byOrder.get(orderNumber) ?? {
      file: file.name,
      importedAt: file.receivedAt,
      orderNumber,
      rows: [],
    };
    record.rows.push({ row, cells: values });
    byOrder.set(orderNumber, record);
  }
  return { records: [...byOrder.values()], errors };
}
