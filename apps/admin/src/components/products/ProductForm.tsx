'use client';
import { Button, FieldLabel, SelectField, TextField, formatMoney } from '@omnicart/ui';
import { useActionState, useState } from 'react';
import { IDLE_FORM, type FormState } from '@/lib/forms';
import { attributeRows, MAX_ATTRIBUTES } from '@/lib/products/forms';
import { PRODUCT_STATUS_LABELS, type CategoryTree, type ProductDetail } from '@/lib/products/types';
import { centsFromDecimal, decimalFromCents } from '@/lib/url-state';
import { Outcome } from '../users/Outcome';
import styles from './products.module.css';

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** The money input: dollars as typed, and how the storefront will show them (the catalog keeps cents). */
function PriceField({ defaultValue, error }: { defaultValue: string; error?: string | undefined }) {
  const [typed, setTyped] = useState(defaultValue);
  const cents = centsFromDecimal(typed);
  return (
    <TextField
      label="Price (USD)"
      name="price"
      inputMode="decimal"
      autoComplete="off"
      required
      value={typed}
      onChange={(event) => setTyped(event.target.value)}
      hint={cents !== undefined && cents > 0 ? `Shoppers see ${formatMoney({ amount: cents, currency: 'USD' })}` : 'Dollars and cents, like 12.99'}
      error={error}
    />
  );
}

/** Key/value rows: add and remove; empty rows are ignored when saving. */
function AttributeRows({ initial, errors }: { initial: { name: string; value: string }[]; errors: Record<string, string> }) {
  const [rows, setRows] = useState(() => (initial.length ? initial : [{ name: '', value: '' }]).map((row, index) => ({ ...row, key: index })));
  const [next, setNext] = useState(rows.length);
  return (
    <fieldset className={styles.attributes}>
      <legend className="oc-field__label">Attributes</legend>
      <p className="oc-field__hint">Such as colour, size and material: shoppers filter by them.</p>
      {errors.attributes ? <p className="oc-field__error">{errors.attributes}</p> : null}
      {rows.map((row, index) => (
        <div key={row.key} className={styles.attributeRow}>
          <TextField label={`Attribute ${index + 1} name`} name={`attributeName.${index}`} defaultValue={row.name} autoComplete="off" error={errors[`attributeName.${index}`]} />
          <TextField label={`Attribute ${index + 1} value`} name={`attributeValue.${index}`} defaultValue={row.value} autoComplete="off" error={errors[`attributeValue.${index}`]} />
          <Button type="button" variant="ghost" size="sm" onClick={() => setRows(rows.filter((other) => other.key !== row.key))} aria-label={`Remove attribute ${index + 1}`}>
            Remove
          </Button>
        </div>
      ))}
      {rows.length < MAX_ATTRIBUTES ? (
        <div>
          <Button
            type="button"
            variant="secondary"
            size="sm"
            onClick={() => {
              setRows([...rows, { name: '', value: '', key: next }]);
              setNext(next + 1);
            }}
          >
            Add attribute
          </Button>
        </div>
      ) : null}
    </fieldset>
  );
}

/**
 * Create or edit a product: name, description, price, category, brand, attributes, SKU, status and
 * the low-stock threshold (kept by inventory). Validated with the catalog's rules on the server;
 * the catalog's refusals show beside their fields.
 */
export function ProductForm({
  product,
  categories,
  threshold,
  canSetThreshold,
  action,
}: {
  product: ProductDetail | null;
  categories: CategoryTree;
  threshold: number | null;
  canSetThreshold: boolean;
  action: Action;
}) {
  const [state, submit, pending] = useActionState(action, IDLE_FORM);
  const values = state.status === 'error' ? state.values : undefined;
  const errors = state.fieldErrors ?? {};
  const value = (name: string, fallback: string) => values?.[name] ?? fallback;
  const categoryOptions = categories.flatMap((parent) => [
    { value: parent.id, label: parent.name },
    ...parent.children.map((child) => ({ value: child.id, label: `${parent.name} › ${child.name}` })),
  ]);
  // A fresh form after each save (new defaults); what was typed after a refusal.
  const round = state.status === 'done' ? 'saved' : 'form';

  return (
    <form action={submit} className={`stack-form ${styles.form}`} aria-labelledby="product-form-title" noValidate key={round}>
      <h2 id="product-form-title" className="section-title">
        {product ? 'Details' : 'New product'}
      </h2>
      {product ? <input type="hidden" name="id" value={product.id} /> : null}
      <TextField label="Name" name="name" required autoComplete="off" defaultValue={value('name', product?.name ?? '')} error={errors.name} />
      <div className={styles.field}>
        <FieldLabel htmlFor="product-description">Description</FieldLabel>
        <textarea
          id="product-description"
          name="description"
          className="oc-input"
          rows={5}
          defaultValue={value('description', product?.description ?? '')}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={errors.description ? 'product-description-error' : undefined}
        />
        {errors.description ? (
          <p className="oc-field__error" id="product-description-error">
            {errors.description}
          </p>
        ) : null}
      </div>
      <div className={styles.pair}>
        <PriceField defaultValue={value('price', decimalFromCents(product?.price.amount) ?? '')} error={errors.price} />
        <TextField label="SKU" name="sku" required autoComplete="off" spellCheck={false} defaultValue={value('sku', product?.sku ?? '')} error={errors.sku} />
      </div>
      <div className={styles.pair}>
        <SelectField
          label="Category"
          name="category"
          required
          placeholder="Choose a category"
          options={categoryOptions}
          defaultValue={value('category', product?.category.id ?? '')}
          error={errors.category}
        />
        <TextField label="Brand" name="brand" autoComplete="off" hint="Optional" defaultValue={value('brand', product?.brand ?? '')} error={errors.brand} />
      </div>
      <div className={styles.pair}>
        <SelectField
          label="Status"
          name="status"
          required
          options={Object.entries(PRODUCT_STATUS_LABELS).map(([status, label]) => ({ value: status, label }))}
          defaultValue={value('status', product?.status ?? 'draft')}
          hint="Only active products are sold; a draft is hidden from shoppers."
          error={errors.status}
        />
        <TextField
          label="Low-stock threshold"
          name="lowStockThreshold"
          inputMode="numeric"
          autoComplete="off"
          disabled={!canSetThreshold}
          defaultValue={value('lowStockThreshold', threshold === null ? '' : String(threshold))}
          hint={
            canSetThreshold
              ? `Low on stock when available units fall to this or below (kept by inventory${threshold === null ? '; 5 when left empty' : ''}).`
              : 'Kept by inventory; your role cannot change stock settings.'
          }
          error={errors.lowStockThreshold}
        />
      </div>
      <AttributeRows initial={attributeRows(values, product?.attributes ?? {})} errors={errors} />
      <div aria-live="polite">
        <Outcome state={state} />
      </div>
      <div>
        <Button type="submit" loading={pending}>
          {product ? 'Save product' : 'Create product'}
        </Button>
      </div>
    </form>
  );
}
