/**
 * RFC 4180 CSV: quoted fields may hold the delimiter, quotes (doubled) and line breaks; CRLF or LF line ends; a
 * UTF-8 byte-order mark is dropped. Returns rows of cells with their 1-based row numbers as a spreadsheet shows
 * the file: a quoted line break stays inside its row, and blank lines count as (empty, skipped) rows.
 */
export function parseCsv(text: string, delimiter: string): { cells: string[]; line: number }[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: { cells: string[]; line: number }[] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let rowNumber = 1;
  let rowStartLine = 1;
  let line = 1;
  let i = 0;
  const endRow = (): void => {
    row.push(cell);
    // Blank lines carry no data; a row of empty cells (",,,") is kept so that its row number is reported.
    if (!(row.length === 1 && row[0] === '')) rows.push({ cells: row, line: rowNumber });
    rowNumber += 1;
    row = [];
    cell = '';
  };
  while (i < input.length) {
    const c = input[i];
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (c === '\n') line += 1;
        cell += c;
      }
      i += 1;
      continue;
    }
    if (c === '"' && cell === '') quoted = true;
    else if (c === delimiter) {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i += 1;
      endRow();
      line += 1;
      rowStartLine = line;
    } else cell += c;
    i += 1;
  }
  if (quoted) throw new Error(`a quoted field opened on line ${rowStartLine} is never closed`);
  if (cell !== '' || row.length) endRow();
  return rows;
}

/** The delimiter of a CSV file, read from its header line: the most frequent of `,` `;` and tab. */
export function detectDelimiter(text: string): string {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => ({ d, n: header.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0] && counts[0].n > 0 ? counts[0].d : ',';
}
