import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { createProductInput, productStatusSchema, type ProductStatus } from './schemas.js';

/**
 * The product CSV format, one for import and export (pure: no database).
 *
 * Header row first (any column order, names case-insensitive), then one product per row, keyed by SKU:
 *   sku, name, price, category                 required columns
 *   description, currency, brand, status, attributes   optional columns
 * - price: major units with at most two decimals (`149.99`, `12`); no currency symbol or thousands separator.
 * - currency: `USD` (the catalog's only currency) or blank.
 * - category: the category's slug.
 * - status: `draft`, `active` or `archived`; blank = `active`.
 * - brand: blank = no brand.
 * - attributes: `key=value; key=value` (e.g. `colour=Black; size=M`); a literal `;`, `=` or `\` in a
 *   key or value is written `\;`, `\=`, `\\`. Blank = no attributes.
 * A column absent from the header leaves that field of an existing product alone (a new product gets
 * the default); a column present is authoritative, blank included. Export writes every column, keys of
 * attributes sorted, so export → import changes nothing.
 * Parsing is RFC 4180 (csv-parse): quoted fields may hold commas, quotes (`""`) and line breaks; a
 * UTF-8 byte-order mark and CRLF, LF or CR line ends are accepted; blank lines are skipped. Line
 * numbers count the header as line 1 and are those of the row's first line.
 * Spreadsheet formulas: export writes a text cell starting with `=`, `+`, `-`, `@`, tab or CR behind a
 * `'` (as the admin's other exports do), and import drops that one `'` again, so the round trip holds.
 */

export const CSV_COLUMNS = ['sku', 'name', 'description', 'price', 'currency', 'category', 'brand', 'status', 'attributes'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly CsvColumn[] = ['sku', 'name', 'price', 'category'];

/** Requests carry the CSV as JSON text under the services' 1 MiB body limit. */
export const MAX_IMPORT_BYTES = 900 * 1024;
export const MAX_IMPORT_ROWS = 10_000;
const MAX_PRICE = 100_000_000;

/** A problem of one row (or of the file: `line` 1 is the header). */
export interface CsvRowError {
  line: number;
  field: string;
  message: string;
}

/** One validated row: optional fields are undefined when their column is absent. */
export interface CsvProductRow {
  line: number;
  sku: string;
  name: string;
  priceAmount: number;
  category: string;
  description?: string;
  brand?: string | null;
  status?: ProductStatus;
  attributes?: Record<string, string>;
}

export interface ParsedProductCsv {
  columns: CsvColumn[];
  rows: CsvProductRow[];
  /** Rows with errors, in line order; the header's errors are on line 1. */
  errors: CsvRowError[];
  /** Data rows read (valid or not). */
  total: number;
}

const shape = createProductInput.shape;

function firstIssue(result: { success: boolean; error?: { issues: { message: string }[] } }): string {
  return result.error?.issues[0]?.message ?? 'Invalid value';
}

/** `149.99` → 14999 cents; null when it is not a plain positive amount. */
export function parsePrice(value: string): number | null {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

export function formatPrice(cents: number): string {
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

const FORMULA_START = /^[=+\-@\t\r]/;
/** A cell a spreadsheet would run as a formula, behind a `'`. */
export const defuseFormula = (text: string) => (FORMULA_START.test(text) ? `'${text}` : text);
/** The cell as written before `defuseFormula`. */
export const restoreFormula = (text: string) => (text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text);

const escapeAttribute = (text: string) => text.replace(/[\\;=]/g, (char) => `\\${char}`);

export function formatAttributes(attributes: Record<string, string>): string {
  return Object.keys(attributes)
    .sort()
    .map((key) => `${escapeAttribute(key)}=${escapeAttribute(attributes[key] ?? '')}`)
    .join('; ');
}

/** `key=value; key=value` (with `\;`, `\=`, `\\` escapes) → a record, or an error message. */
export function parseAttributes(text: string): Record<string, string> | string {
  const result: Record<string, string> = {};
  if (text.trim() === '') return result;
  const pairs: [string, string][] = [];
  let key = '';
  let value = '';
  let inValue = false;
  const finish = () => {
    if (key.trim() === '' && value.trim() === '' && !inValue) return null;
    if (!inValue) return `"${key.trim()}" has no "=value"`;
    pairs.push([key.trim(), value.trim()]);
    key = '';
    value = '';
    inValue = false;
    return null;
  };
  for (let i = 0; i < text.length; i++) {
    let char = text[i]!;
    if (char === '\\' && i + 1 < text.length) {
      char = text[++i]!;
    } else if (char === ';') {
      const problem = finish();
      if (problem) return problem;
      continue;
    } else if (char === '=' && !inValue) {
      inValue = true;
      continue;
    }
    if (inValue) value += char;
    else key += char;
  }
  const problem = finish();
  if (problem) return problem;
  for (const [name, val] of pairs) {
    if (Object.hasOwn(result, name)) return `"${name}" is given twice`;
    result[name] = val;
  }
  return result;
}

/** Parses and validates a product CSV (field rules only; the catalog checks categories and SKUs). */
export function parseProductCsv(text: string): ParsedProductCsv {
  let records: { record: string[]; line: number }[];
  try {
    const raw = parse(text, { bom: true, raw: true, relax_column_count: true, record_delimiter: ['\r\n', '\n', '\r'] }) as unknown as { record: string[]; raw: string }[];
    // Our own line numbers (csv-parse counts a CRLF inside a quoted field as two lines): the
    // record's first line is one past the line breaks of the records before it; blank lines are skipped.
    let line = 1;
    records = [];
    for (const entry of raw) {
      if (entry.record.some((field) => field.trim() !== '')) records.push({ record: entry.record, line });
      line += entry.raw.match(/\r\n|\r|\n/g)?.length ?? 0;
    }
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : 1;
    const message = error instanceof Error ? error.message.replace(/^Invalid Record Length: /, '') : 'Unreadable CSV';
    return { columns: [], rows: [], errors: [{ line, field: 'file', message: `Not valid CSV: ${message}` }], total: 0 };
  }
  const [header, ...data] = records;
  if (!header) return { columns: [], rows: [], errors: [{ line: 1, field: 'file', message: 'The file is empty: expected a header row' }], total: 0 };

  const errors: CsvRowError[] = [];
  const columns: CsvColumn[] = [];
  const headerLine = header.line;
  header.record.forEach((raw) => {
    const name = raw.trim().toLowerCase();
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) {
      errors.push({ line: headerLine, field: raw || '(blank)', message: `Unknown column "${raw}"; the columns are ${CSV_COLUMNS.join(', ')}` });
    } else if (columns.includes(name as CsvColumn)) {
      errors.push({ line: headerLine, field: name, message: `Column "${name}" appears twice` });
    }
    columns.push(name as CsvColumn);
  });
  for (const required of REQUIRED_COLUMNS) {
    if (!columns.includes(required)) errors.push({ line: headerLine, field: required, message: `Missing required column "${required}"` });
  }
  if (data.length > MAX_IMPORT_ROWS) {
    errors.push({ line: headerLine, field: 'file', message: `The file has ${data.length} rows; at most ${MAX_IMPORT_ROWS} per import: split it` });
  }
  if (errors.length) return { columns, rows: [], errors, total: data.length };

  const rows: CsvProductRow[] = [];
  const seen = new Map<string, number>();
  for (const { record, line } of data) {
    const rowErrors: CsvRowError[] = [];
    const fail = (field: string, message: string) => rowErrors.push({ line, field, message });
    if (record.length !== columns.length) {
      fail('row', `Expected ${columns.length} fields, found ${record.length}`);
      errors.push(...rowErrors);
      continue;
    }
    const cell = (column: CsvColumn): string | undefined => {
      const index = columns.indexOf(column);
      const value = index === -1 ? undefined : record[index];
      return value === undefined ? undefined : restoreFormula(value);
    };
    const check = <T>(field: string, schema: { safeParse: (v: unknown) => { success: boolean; data?: T; error?: { issues: { message: string }[] } } }, value: unknown): T | undefined => {
      const result = schema.safeParse(value);
      if (!result.success) {
        fail(field, firstIssue(result));
        return undefined;
      }
      return result.data;
    };

    const sku = check<string>('sku', shape.sku, cell('sku') ?? '');
    const name = check<string>('name', shape.name, cell('name') ?? '');
    const category = check<string>('category', shape.category, cell('category')?.trim().toLowerCase() ?? '');
    const priceText = cell('price') ?? '';
    const priceAmount = parsePrice(priceText);
    if (priceAmount === null) fail('price', `"${priceText}" is not a price: write it like 149.99 (no currency sign)`);
    else if (priceAmount <= 0) fail('price', 'The price must be positive');
    else if (priceAmount > MAX_PRICE) fail('price', 'The price must be at most 1000000.00');

    const row: CsvProductRow = { line, sku: sku ?? '', name: name ?? '', priceAmount: priceAmount ?? 0, category: category ?? '' };
    const currency = cell('currency');
    if (currency !== undefined && currency.trim() !== '' && currency.trim().toUpperCase() !== 'USD') fail('currency', `Unsupported currency "${currency}": the catalog sells in USD`);
    const description = cell('description');
    if (description !== undefined) row.description = check<string>('description', shape.description, description) ?? '';
    const brand = cell('brand');
    if (brand !== undefined) row.brand = brand.trim() === '' ? null : (check<string | null>('brand', shape.brand, brand) ?? null);
    const status = cell('status');
    if (status !== undefined) row.status = status.trim() === '' ? 'active' : check<ProductStatus>('status', productStatusSchema, status.trim().toLowerCase());
    const attributes = cell('attributes');
    if (attributes !== undefined) {
      const parsed = parseAttributes(attributes);
      if (typeof parsed === 'string') fail('attributes', `${parsed}; write key=value; key=value`);
      else row.attributes = check<Record<string, string>>('attributes', shape.attributes, parsed) ?? {};
    }
    if (sku !== undefined) {
      const key = sku.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) fail('sku', `SKU "${sku}" is also on line ${first}: each SKU once per file`);
      else seen.set(key, line);
    }
    if (rowErrors.length) errors.push(...rowErrors);
    else rows.push(row);
  }
  return { columns, rows, errors, total: data.length };
}

/** A product as the CSV writes it. */
export interface CsvProduct {
  sku: string;
  name: string;
  description: string;
  priceAmount: number;
  currency: string;
  categorySlug: string;
  brand: string | null;
  status: ProductStatus;
  attributes: Record<string, string>;
}

export function csvHeader(): string {
  return stringify([[...CSV_COLUMNS]], { record_delimiter: '\r\n' });
}

/** Rows of the export (no header), CRLF-terminated as RFC 4180 says. */
export function csvRows(products: readonly CsvProduct[]): string {
  return stringify(
    products.map((p) => [p.sku,
      defuseFormula(p.name),
      defuseFormula(p.description),
      formatPrice(p.priceAmount),
      p.currency,
      p.categorySlug,
      defuseFormula(p.brand ?? ''),
      p.status,
      defuseFormula(formatAttributes(p.attributes)),
    ]),
    // Line breaks inside a field are quoted whatever they are (not only the record delimiter's CRLF).
    { record_delimiter: '\r\n', quoted_match: /[\r\n]/ },
  );
}
