import { describe, expect, it } from 'vitest';
import { csvHeader, csvRows, formatAttributes, formatPrice, parseAttributes, parsePrice, parseProductCsv, type CsvProduct } from './product-csv.js';

const HEADER = 'sku,name,description,price,currency,category,brand,status,attributes';

describe('parseProductCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, a BOM and CRLF line ends', () => {
    const text = `\uFEFF${HEADER}\r\nHPH-1,"Studio, ""Pro"" Headphones","Line one\r\nline two",149.99,USD,headphones,Sonora,active,colour=Black; size=One Size\r\n`;
    const parsed = parseProductCsv(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual([
      {
        line: 2,
        sku: 'HPH-1',
        name: 'Studio, "Pro" Headphones',
        description: 'Line one\r\nline two',
        priceAmount: 14999,
        category: 'headphones',
        brand: 'Sonora',
        status: 'active',
        attributes: { colour: 'Black', size: 'One Size' },
      },
    ]);
  });

  it('numbers lines from the header (line 1), counting line breaks inside quoted fields and blank lines', () => {
    const text = `sku,name,price,category\nA-1,"two\nlines",1,x\n\nA-2,Bad,abc,x\n`;
    const parsed = parseProductCsv(text);
    expect(parsed.errors).toEqual([{ line: 5, field: 'price', message: expect.stringContaining('"abc" is not a price') }]);
    expect(parsed.rows.map((row) => row.line)).toEqual([2]);
  });

  it('refuses bad prices: text, negative, three decimals, zero, a currency sign', () => {
    const text = ['sku,name,price,category', 'A-1,a,12.345,x', 'A-2,b,-5,x', 'A-3,c,0,x', 'A-4,d,$5,x', 'A-5,e,5,x'].join('\n');
    const parsed = parseProductCsv(text);
    expect(parsed.errors.map((error) => [error.line, error.field])).toEqual([
      [2, 'price'],
      [3, 'price'],
      [4, 'price'],
      [5, 'price'],
    ]);
    expect(parsed.rows.map((row) => row.sku)).toEqual(['A-5']);
  });

  it('refuses a SKU that appears twice in the file, naming the first line', () => {
    const parsed = parseProductCsv('sku,name,price,category\nA-1,a,1,x\nA-2,b,1,x\na-1,c,1,x\n');
    expect(parsed.errors).toEqual([{ line: 4, field: 'sku', message: 'SKU "a-1" is also on line 2: each SKU once per file' }]);
  });

  it('reports missing required columns, unknown and repeated columns on line 1 and reads no rows', () => {
    const parsed = parseProductCsv('sku,name,colour,name\nA-1,a,red,a\n');
    expect(parsed.rows).toEqual([]);
    expect(parsed.errors).toEqual([
      { line: 1, field: 'colour', message: expect.stringContaining('Unknown column "colour"') },
      { line: 1, field: 'name', message: 'Column "name" appears twice' },
      { line: 1, field: 'price', message: 'Missing required column "price"' },
      { line: 1, field: 'category', message: 'Missing required column "category"' },
    ]);
  });

  it('refuses rows with the wrong number of fields, bad statuses, SKUs, currencies and attributes; collects every error', () => {
    const text = [HEADER, 'A-1,a,,1,USD,x,,active', 'A 2,b,,1,EUR,x,,sold,colour', 'A-3,c,,1,,x,,,'].join('\n');
    const parsed = parseProductCsv(text);
    expect(parsed.errors.map((error) => [error.line, error.field])).toEqual([
      [2, 'row'],
      [3, 'sku'],
      [3, 'currency'],
      [3, 'status'],
      [3, 'attributes'],
    ]);
    expect(parsed.rows).toEqual([
      { line: 4, sku: 'A-3', name: 'c', description: '', priceAmount: 100, category: 'x', brand: null, status: 'active', attributes: {} },
    ]);
  });

  it('leaves optional columns absent from the header undefined (the product keeps them)', () => {
    const [row] = parseProductCsv('SKU,Name,Price,Category\nA-1,a,2.5,Shoes\n').rows;
    expect(row).toEqual({ line: 2, sku: 'A-1', name: 'a', priceAmount: 250, category: 'shoes' });
  });

  it('answers an empty file and an unclosed quote with a file error', () => {
    expect(parseProductCsv('').errors).toEqual([{ line: 1, field: 'file', message: 'The file is empty: expected a header row' }]);
    const [error] = parseProductCsv('sku,name,price,category\nA-1,"open,1,x\n').errors;
    expect(error).toMatchObject({ field: 'file', message: expect.stringContaining('Not valid CSV') });
  });
});

describe('attributes and prices', () => {
  it('parses key=value pairs with escapes and round-trips them', () => {
    expect(parseAttributes('colour=Black; size = M ;')).toEqual({ colour: 'Black', size: 'M' });
    expect(parseAttributes('note=a\\;b\\=c')).toEqual({ note: 'a;b=c' });
    expect(parseAttributes('colour')).toMatch(/no "=value"/);
    expect(parseAttributes('a=1;a=2')).toMatch(/twice/);
    const attributes = { size: 'M', colour: 'Black; matte', 'fit=x': 'slim\\' };
    expect(parseAttributes(formatAttributes(attributes))).toEqual(attributes);
  });

  it('converts prices both ways', () => {
    expect(parsePrice('149.99')).toBe(14999);
    expect(parsePrice('12.5')).toBe(1250);
    expect(parsePrice('7')).toBe(700);
    expect(parsePrice('1,000')).toBeNull();
    expect(formatPrice(14999)).toBe('149.99');
    expect(formatPrice(5)).toBe('0.05');
  });
});

describe('export', () => {
  it('writes rows that parse back to the same products, formulas defused', () => {
    const products: CsvProduct[] = [
      { sku: 'A-1', name: '=HYPERLINK("x")', description: 'Two\nlines, "quoted"', priceAmount: 1999, currency: 'USD', categorySlug: 'shoes', brand: null, status: 'draft', attributes: { colour: 'Red' } },
      { sku: 'A-2', name: 'Plain', description: '', priceAmount: 100, currency: 'USD', categorySlug: 'shoes', brand: '-Brand', status: 'active', attributes: {} },
    ];
    const text = csvHeader() + csvRows(products);
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    const parsed = parseProductCsv(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map(({ line: _line, ...row }) => row)).toEqual(
      products.map((p) => ({ sku: p.sku, name: p.name, description: p.description, priceAmount: p.priceAmount, category: p.categorySlug, brand: p.brand, status: p.status, attributes: p.attributes })),
    );
  });
});
