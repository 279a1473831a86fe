import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsv } from './csv';

describe('CSV reading', () => {
  it('reads quoted delimiters, doubled quotes and line breaks, numbering rows as a spreadsheet does', () => {
    const text = '\uFEFFa,b,c\r\n1,"x, y","say ""hi"""\r\n\r\n2,"two\nlines",z\n3,,\n';
    expect(parseCsv(text, ',')).toEqual([
      { cells: ['a', 'b', 'c'], line: 1 },
      { cells: ['1', 'x, y', 'say "hi"'], line: 2 },
      { cells: ['2', 'two\nlines', 'z'], line: 4 },
      { cells: ['3', '', ''], line: 5 },
    ]);
  });

  it('refuses a quote that is never closed, naming its line', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n', ',')).toThrow(/line 2/);
  });

  it('reads the delimiter from the header line', () => {
    expect(detectDelimiter('Order;Date;SKU\n1;2;3')).toBe(';');
    expect(detectDelimiter('Order\tDate\n')).toBe('\t');
    expect(detectDelimiter('Order,Date\n')).toBe(',');
    expect(detectDelimiter('Order\n')).toBe(',');
  });
});
