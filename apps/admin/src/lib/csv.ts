/**
 * CSV (RFC 4180) for exports opened in spreadsheets. A cell that starts with = + - @ (or a tab or
 * carriage return) would be run as a formula by Excel, LibreOffice and Sheets ("CSV injection"):
 * such text gets a leading apostrophe, which spreadsheets show as plain text. Numbers are written
 * as numbers (a negative amount stays a number).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
