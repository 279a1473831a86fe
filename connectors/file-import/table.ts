import { readSheet as readXlsxSheet } from 'read-excel-file/node';
import type { ImportFile } from '../../src/sdk';
import { detectDelimiter, parseCsv } from './csv';

/** A sheet as text cells: the header, then the data rows with the row numbers a person sees. */
export interface Sheet {
  header: string[];
  rows: { row: number; cells: string[] }[];
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** A spreadsheet date as the wall-clock time it shows (the file has no zone; the connection states it). */
function wallClock(date: Date): string {
  // Spreadsheet dates are fractions of a day; reading them back can land a hair before the second written.
  const d = new Date(Math.round(date.getTime() / 1000) * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())}`;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return wallClock(value);
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** Reads a CSV or XLSX file (by content type or extension) into text cells. XLSX: the first sheet. */
export async function readSheet(file: ImportFile, delimiter: string | undefined): Promise<Sheet> {
  const isXlsx = file.contentType.startsWith(XLSX_TYPE) || /\.xlsx$/i.test(file.name);
  let table: { cells: string[]; row: number }[];
  if (isXlsx) {
    const rows = await readXlsxSheet(file.bytes);
    table = rows.map((cells, i) => ({ cells: cells.map(cellText), row: i + 1 }));
  } else {
    const text = file.bytes.toString('utf8');
    if (text.includes('\uFFFD')) throw new Error('the file is not UTF-8 text; export it as CSV UTF-8');
    table = parseCsv(text, delimiter ?? detectDelimiter(text)).map((r) => ({
      cells: r.cells.map((c) => c.trim()),
      row: r.line,
    }));
  }
  const [head, ...rows] = table;
  if (!head) throw new Error('the file is empty');
  return { header: head.cells, rows: rows.filter((r) => r.cells.some((c) => c !== '')) };
}
