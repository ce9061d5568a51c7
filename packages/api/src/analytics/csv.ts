/**
 * Report CSV: RFC 4180 (quotes around cells with a comma, quote or line break; quotes doubled), CRLF
 * line ends. A text cell a spreadsheet would run as a formula (starting with = + - @, tab or CR) is
 * written behind a `'`, as catalog's product export does; numbers are written as they are.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

export function toCsv(header: string[], rows: Array<Array<string | number | null>>): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
