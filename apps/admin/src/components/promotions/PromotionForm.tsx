'use client';
import { Button, TextField } from '@omnicart/ui';
import { startTransition, useActionState, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { CategoryOption } from '@/lib/campaigns/types';
import { money } from '@/lib/format';
import { IDLE_FORM, type FormState } from '@/lib/forms';
import { idList, percentOf, promotionFormValues, type PromotionFormValues } from '@/lib/promotions/forms';
import { DISCOUNT_TYPE_LABELS, DISCOUNT_TYPES, KIND_LABELS, PROMOTION_KINDS, SCOPE_LABELS, SCOPES, type DiscountType, type PromotionKind, type PromotionScope } from '@/lib/promotions/types';
import { centsFromDecimal } from '@/lib/url-state';
import type { ProductChoice, findProducts } from '@/server/promotion-actions';
import type { ProductLabel } from '@/server/promotions';
import { Outcome } from '../users/Outcome';
import styles from './promotions.module.css';

type Action = (previous: FormState, form: FormData) => Promise<FormState>;
type FindProducts = typeof findProducts;

/** An error line tied to its group (fieldsets have no input to carry aria-invalid). */
function GroupError({ id, error }: { id: string; error?: string | undefined }) {
  return error ? (
    <p className="oc-field__error" id={id}>
      {error}
    </p>
  ) : null;
}

/** One radio per option, in a fieldset with its legend. */
function Choices<T extends string>({ legend, name, options, labels, value, onChange, error }: { legend: string; name: string; options: readonly T[]; labels: Record<T, string>; value: T; onChange: (value: T) => void; error?: string | undefined }) {
  const errorId = `promotion-${name}-error`;
  return (
    <fieldset className={styles.group} aria-describedby={error ? errorId : undefined}>
      <legend className="oc-field__label">{legend}</legend>
      <GroupError id={errorId} error={error} />
      <div className={styles.choices}>
        {options.map((option) => (
          <label key={option} className={styles.choice}>
            <input type="radio" name={name} value={option} checked={value === option} onChange={() => onChange(option)} />
            {labels[option]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Categories as checkboxes (a category includes its sub-categories at checkout). */
function CategoryPicker({ categories, initial, error }: { categories: readonly CategoryOption[]; initial: readonly string[]; error?: string | undefined }) {
  return (
    <fieldset className={styles.group} aria-describedby={error ? 'promotion-categoryIds-error' : 'promotion-categoryIds-hint'}>
      <legend className="oc-field__label">Categories</legend>
      <p className="oc-field__hint" id="promotion-categoryIds-hint">
        Lines of these categories count; a category includes its sub-categories.
      </p>
      <GroupError id="promotion-categoryIds-error" error={error} />
      <div className={styles.checkList}>
        {categories.map((category) => (
          <label key={category.value} className={styles.choice}>
            <input type="checkbox" name="categoryIds" value={category.value} defaultChecked={initial.includes(category.value)} />
            {category.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Products picked by a search on name, SKU or brand; the chosen ones are sent as `productIds`. */
function ProductPicker({ initial, find, error }: { initial: readonly ProductLabel[]; find: FindProducts; error?: string | undefined }) {
  const [chosen, setChosen] = useState<ProductLabel[]>([...initial]);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<ProductChoice[] | null>(null);
  const [message, setMessage] = useState('');
  const [searching, setSearching] = useState(false);

  const search = async () => {
    if (!query.trim()) return;
    setSearching(true);
    setMessage('');
    try {
      const answer = await find(query);
      if (answer.ok) {
        setFound(answer.items);
        setMessage(answer.items.length ? `${answer.items.length} found` : 'No product matches');
      } else {
        setFound(null);
        setMessage(answer.message);
      }
    } catch {
      setMessage('The search did not answer. Try again.');
    } finally {
      setSearching(false);
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // Enter searches instead of submitting the whole promotion.
    if (event.key === 'Enter') {
      event.preventDefault();
      void search();
    }
  };
  const add = (product: ProductChoice) => setChosen((list) => (list.some((item) => item.id === product.id) ? list : [...list, { id: product.id, label: `${product.name} (${product.sku})` }]));
  const remove = (id: string) => setChosen((list) => list.filter((item) => item.id !== id));

  return (
    <fieldset className={styles.group} aria-describedby={error ? 'promotion-productIds-error' : undefined}>
      <legend className="oc-field__label">Products</legend>
      <GroupError id="promotion-productIds-error" error={error} />
      {chosen.map((product) => (
        <input key={product.id} type="hidden" name="productIds" value={product.id} />
      ))}
      {chosen.length ? (
        <ul className={styles.chosen} aria-label="Chosen products">
          {chosen.map((product) => (
            <li key={product.id}>
              <span>{product.label}</span>
              <Button type="button" size="sm" variant="ghost" onClick={() => remove(product.id)} aria-label={`Remove ${product.label}`}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No product chosen yet.</p>
      )}
      <div className={styles.searchRow}>
        <TextField label="Find a product" name="productSearch" hint="Part of its name, SKU or brand; Enter searches" type="search" autoComplete="off" spellCheck={false} value={query} onChange={(event) => setQuery(event.target.value)} onKeyDown={onKeyDown} />
        <Button type="button" variant="secondary" size="sm" loading={searching} onClick={() => void search()}>
          Search
        </Button>
      </div>
      <p role="status" className="muted">
        {message}
      </p>
      {found?.length ? (
        <ul className={styles.results} aria-label="Products found">
          {found.map((product) => {
            const taken = chosen.some((item) => item.id === product.id);
            return (
              <li key={product.id}>
                <span>
                  {product.name} <span className="muted">({product.sku})</span>
                </span>
                <Button type="button" size="sm" variant="secondary" disabled={taken} onClick={() => add(product)} aria-label={taken ? `${product.name} is chosen` : `Add ${product.name}`}>
                  {taken ? 'Added' : 'Add'}
                </Button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </fieldset>
  );
}

/**
 * Create or edit a promotion: the kind and discount type (fixed once created), what it takes off,
 * on what (the whole order, categories, products), the minimum, the dates on the store's clock, the
 * limits and, for a code promotion, its shared code. Promotions' refusals show beside their fields.
 */
export function PromotionForm({
  id,
  initial,
  categories,
  products,
  timeZone,
  action,
  find,
}: {
  id: string | null;
  initial: PromotionFormValues;
  categories: readonly CategoryOption[];
  products: readonly ProductLabel[];
  timeZone: string;
  action: Action;
  find: FindProducts;
}) {
  const [state, submit, pending] = useActionState(action, IDLE_FORM);
  const values = state.status === 'error' && state.values ? promotionFormValues(state.values) : initial;
  const errors = state.fieldErrors ?? {};
  const [kind, setKind] = useState<PromotionKind>(values.kind);
  const [discountType, setDiscountType] = useState<DiscountType>(values.discountType);
  const [scope, setScope] = useState<PromotionScope>(values.scope);
  const [percent, setPercent] = useState(values.percentOff);
  const [amount, setAmount] = useState(values.amountOff);
  const [minimum, setMinimum] = useState(values.minSubtotal);
  const editing = id !== null;
  const amountCents = centsFromDecimal(amount.trim());
  const minimumCents = centsFromDecimal(minimum.trim());
  const percentValue = percentOf(percent);
  const chosenProducts = state.status === 'error' && state.values ? idList([values.productIds]).map((productId) => products.find((product) => product.id === productId) ?? { id: productId, label: productId }) : products;

  // With JavaScript, the action is dispatched by hand: React resets a form after its `action` runs,
  // which would put the radios' DOM back to their first choice while their state (and the fields
  // shown) kept the chosen one. Without JavaScript the plain form action still works.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => submit(data));
  };

  return (
    <form action={submit} onSubmit={onSubmit} className="stack-form" aria-labelledby="promotion-form-title" noValidate key={state.status === 'done' ? 'saved' : 'form'}>
      <h2 id="promotion-form-title" className="section-title">
        {editing ? 'Edit the promotion' : 'The promotion'}
      </h2>
      {editing ? <input type="hidden" name="id" value={id} /> : null}
      <input type="hidden" name="timeZone" value={timeZone} />
      <input type="hidden" name="startsAtWas" value={values.startsAtWas} />
      <input type="hidden" name="endsAtWas" value={values.endsAtWas} />
      <TextField label="Name" name="name" required autoComplete="off" maxLength={120} defaultValue={values.name} hint="For you and your team; shoppers see what it takes off." error={errors.name} />

      {editing ? (
        <>
          <input type="hidden" name="kind" value={kind} />
          <input type="hidden" name="discountType" value={discountType} />
          <p className="muted">
            {KIND_LABELS[kind]} promotion · {DISCOUNT_TYPE_LABELS[discountType]} (the kind and the discount type are fixed once created)
          </p>
        </>
      ) : (
        <>
          <Choices legend="Kind" name="kind" options={PROMOTION_KINDS} labels={{ code: 'A code shoppers type at checkout', automatic: 'Automatic: applies by itself' }} value={kind} onChange={setKind} error={errors.kind} />
          <Choices legend="Discount" name="discountType" options={DISCOUNT_TYPES} labels={DISCOUNT_TYPE_LABELS} value={discountType} onChange={setDiscountType} error={errors.discountType} />
        </>
      )}

      {discountType === 'percent' ? (
        <TextField
          label="Percentage off"
          name="percentOff"
          inputMode="decimal"
          autoComplete="off"
          required
          value={percent}
          onChange={(event) => setPercent(event.target.value)}
          hint={percentValue !== undefined ? `${percentValue} % off the eligible lines` : 'From 0.01 to 100, up to two decimals (like 15 or 12.5)'}
          error={errors.percentOff}
        />
      ) : null}
      {discountType === 'fixed' ? (
        <TextField
          label="Amount off (USD)"
          name="amountOff"
          inputMode="decimal"
          autoComplete="off"
          required
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
          hint={amountCents !== undefined && amountCents > 0 ? `${money(amountCents)} off the eligible lines (never more than they cost)` : 'Dollars and cents, like 10 or 4.99'}
          error={errors.amountOff}
        />
      ) : null}
      {discountType === 'free_shipping' ? <p className="muted">Waives the shipping the order owes.</p> : null}

      <Choices legend="Applies to" name="scope" options={SCOPES} labels={SCOPE_LABELS} value={scope} onChange={setScope} error={errors.scope} />
      {scope === 'categories' ? <CategoryPicker categories={categories} initial={idList([values.categoryIds])} error={errors.categoryIds} /> : null}
      {scope === 'products' ? <ProductPicker initial={chosenProducts} find={find} error={errors.productIds} /> : null}

      <TextField
        label="Minimum subtotal (USD)"
        name="minSubtotal"
        inputMode="decimal"
        autoComplete="off"
        value={minimum}
        onChange={(event) => setMinimum(event.target.value)}
        hint={minimumCents !== undefined && minimumCents > 0 ? `The eligible lines must reach ${money(minimumCents)} before discounts` : 'Optional: the eligible lines must reach it before discounts'}
        error={errors.minSubtotal}
      />
      <div className={styles.pair}>
        <TextField label="Starts" name="startsAt" type="datetime-local" defaultValue={values.startsAt} hint={`Optional; store time (${timeZone}). Empty: from now.`} error={errors.startsAt} />
        <TextField label="Ends" name="endsAt" type="datetime-local" defaultValue={values.endsAt} hint={`Optional; store time (${timeZone}). Empty: no end.`} error={errors.endsAt} />
      </div>
      <div className={styles.pair}>
        <TextField label="Usage limit" name="usageLimit" inputMode="numeric" autoComplete="off" defaultValue={values.usageLimit} hint="Optional: orders in all (empty: no limit)" error={errors.usageLimit} />
        <TextField label="Per-customer limit" name="perCustomerLimit" inputMode="numeric" autoComplete="off" defaultValue={values.perCustomerLimit} hint="Optional: orders per account or guest e-mail" error={errors.perCustomerLimit} />
      </div>
      {kind === 'code' ? (
        editing ? (
          <p>
            <strong>Shared code:</strong> {values.code ? <code>{values.code}</code> : 'none (generate unique codes below)'}
          </p>
        ) : (
          <TextField
            label="Shared code"
            name="code"
            autoComplete="off"
            spellCheck={false}
            maxLength={40}
            defaultValue={values.code}
            hint="Optional: one code everybody can use, like SUMMER15 (letters, digits, - and _). Or generate unique single-use codes once it is saved."
            error={errors.code}
          />
        )
      ) : null}
      <div aria-live="polite">
        <Outcome state={state} />
      </div>
      <div>
        <Button type="submit" loading={pending}>
          {editing ? 'Save changes' : 'Create promotion'}
        </Button>
      </div>
    </form>
  );
}
