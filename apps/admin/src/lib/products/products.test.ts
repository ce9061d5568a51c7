import { describe, expect, it } from 'vitest';
import { productFieldErrors, productForm, productFormValues } from './forms';
import { parseProductListParams, productListQuery, searchInput } from './list-params';

describe('products list URL', () => {
  it('keeps filters, sort and page, drops what is malformed, and leaves defaults out', () => {
    const state = parseProductListParams({ q: ' lamp ', status: 'archived', category: 'pens', inStock: '0', minPrice: '12.5', maxPrice: '5', sort: 'price_desc', page: '3', pageSize: '50' });
    expect(state).toEqual({ q: 'lamp', status: 'archived', category: 'pens', inStock: false, minPrice: 500, maxPrice: 1_250, sort: 'price_desc', page: 3, pageSize: 50 });
    expect(searchInput(state)).toEqual({ q: 'lamp', status: 'archived', category: 'pens', inStock: false, minPrice: 500, maxPrice: 1_250, sort: 'price_desc', page: 3, pageSize: 50 });
    expect(productListQuery(state, { page: 4 })).toBe('?q=lamp&status=archived&category=pens&inStock=0&minPrice=5.00&maxPrice=12.50&sort=price_desc&pageSize=50&page=4');
    expect(parseProductListParams({ status: 'deleted', category: 'Bad Slug!', inStock: 'maybe', minPrice: '-1', sort: 'random', page: '0', pageSize: '15' })).toEqual({ sort: 'updated_desc', page: 1, pageSize: 20 });
    expect(productListQuery(parseProductListParams({}))).toBe('');
  });
});

describe('product form', () => {
  const form = (fields: Record<string, string>) => {
    const data = new FormData();
    for (const [name, value] of Object.entries(fields)) data.set(name, value);
    return productFormValues(data);
  };
  const valid = { name: 'Desk Lamp', sku: 'LMP-1', description: '', price: '1,299.5', category: 'c1', brand: '', status: 'draft', lowStockThreshold: '' };

  it('validates with the catalog’s rules: cents from dollars, empty brand as none, attribute rows', () => {
    const { input } = form({ ...valid, 'attributeName.0': 'colour', 'attributeValue.0': 'Black', 'attributeName.1': '', 'attributeValue.1': '', 'attributeName.2': 'size', 'attributeValue.2': 'L' });
    expect(productForm.parse(input)).toMatchObject({ price: 129_950, brand: null, attributes: [{ name: 'colour', value: 'Black' }, { name: 'size', value: 'L' }], lowStockThreshold: undefined });
  });

  it('names the fields it refuses', () => {
    const { input } = form({ ...valid, name: ' ', sku: 'bad sku', price: '12.345', category: '', lowStockThreshold: 'x', 'attributeName.0': '__proto__', 'attributeValue.0': 'x' });
    const result = productForm.safeParse(input);
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['name', 'sku', 'price', 'category', 'lowStockThreshold', 'attributes.0.name']));
  });

  it('puts the catalog’s refusals beside their fields', () => {
    expect(productFieldErrors('A product with this sku already exists', { field: 'sku' })).toEqual({ sku: 'A product with this sku already exists' });
    expect(productFieldErrors('price.amount: price.amount must be positive; attributes.colour: too long; category: Unknown category \'x\'')).toEqual({
      price: 'price.amount must be positive',
      attributes: 'too long',
      category: "Unknown category 'x'",
    });
    expect(productFieldErrors('Something else went wrong')).toEqual({ form: 'Something else went wrong' });
  });
});
