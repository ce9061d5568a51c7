'use client';
import { Alert, Badge, Button } from '@omnicart/ui';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';
import { dateTime, money } from '@/lib/format';
import {
  BULK_MAX_PRODUCTS,
  PRODUCT_STATUS_LABELS,
  PRODUCT_STATUS_TONES,
  type BulkAction,
  type BulkPreview,
  type BulkPreviewItem,
  type CategoryTree,
  type ProductRow,
  type ProductStatus,
} from '@/lib/products/types';
import type { BulkApplyAnswer, BulkPreviewAnswer } from '@/server/product-actions';
import styles from './products.module.css';

type Kind = BulkAction['kind'];

interface Props {
  items: ProductRow[];
  categories: CategoryTree;
  canWrite: boolean;
  preview: (ids: string[], action: BulkAction) => Promise<BulkPreviewAnswer>;
  apply: (action: BulkAction, items: { id: string; updatedAt: string }[]) => Promise<BulkApplyAnswer>;
}

const OUTCOME_LABELS: Record<BulkPreviewItem['outcome'], string> = { change: 'Will change', unchanged: 'Already so', refused: 'Refused' };

function describe(action: BulkAction, categories: CategoryTree): string {
  switch (action.kind) {
    case 'set_status':
      return `Set the status to ${PRODUCT_STATUS_LABELS[action.status]}`;
    case 'move_category': {
      const all = categories.flatMap((parent) => [parent, ...parent.children]);
      return `Move to ${all.find((category) => category.id === action.category)?.name ?? 'the category'}`;
    }
    case 'change_price':
      return `${action.percent >= 0 ? 'Raise' : 'Lower'} prices by ${Math.abs(action.percent)} %`;
  }
}

/** What changes for one product, before → after, in words. */
function change(item: BulkPreviewItem, kind: Kind): { before: string; after: string } {
  if (kind === 'set_status') return { before: PRODUCT_STATUS_LABELS[item.before.status], after: PRODUCT_STATUS_LABELS[item.after.status] };
  if (kind === 'move_category') return { before: item.before.category.name, after: item.after.category.name };
  return { before: money(item.before.price.amount, item.before.price.currency), after: money(item.after.price.amount, item.after.price.currency) };
}

/**
 * The products table with a selection (rows of this page, or all of them) and the bulk change
 * bar: change status, move to a category or change prices by a percentage → a preview of every
 * product's before → after and any refusal → apply, all or nothing, after a confirmation.
 */
export function ProductsTable({ items, categories, canWrite, preview, apply }: Props) {
  const router = useRouter();
  const [selected, setSelected] = useState<string[]>([]);
  const [kind, setKind] = useState<Kind>('change_price');
  const [status, setStatus] = useState<ProductStatus>('active');
  const [category, setCategory] = useState('');
  const [percent, setPercent] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [shown, setShown] = useState<BulkPreview | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [stale, setStale] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (shown && !dialog.current?.open) dialog.current?.showModal();
    if (!shown && dialog.current?.open) dialog.current.close();
  }, [shown]);

  const allOnPage = items.length > 0 && items.every((item) => selected.includes(item.id));
  const toggle = (id: string) => setSelected(selected.includes(id) ? selected.filter((other) => other !== id) : [...selected, id]);
  const toggleAll = () => setSelected(allOnPage ? [] : items.map((item) => item.id));

  function actionOf(): BulkAction | string {
    if (kind === 'set_status') return { kind, status };
    if (kind === 'move_category') return category ? { kind, category } : 'Choose the category to move them to.';
    const value = Number(percent.replace(',', '.').replace('%', '').trim());
    if (!percent.trim() || !Number.isFinite(value) || !/^[-+]?\d+(\.\d{1,2})?$/.test(percent.replace('%', '').trim())) return 'Enter a percentage like 10 or -12.5 (at most two decimals).';
    if (value <= -100 || value > 1000) return 'The percentage is between -99.99 and 1000.';
    if (value === 0) return 'A change of 0 % changes nothing.';
    return { kind, percent: value };
  }

  function runPreview(ids: string[]) {
    const action = actionOf();
    setDone(null);
    setStale(null);
    setConfirming(false);
    if (typeof action === 'string') {
      setProblem(action);
      return;
    }
    setProblem(null);
    startTransition(async () => {
      const answer = await preview(ids, action);
      if (answer.ok) setShown(answer.preview);
      else setProblem(answer.message);
    });
  }

  function runApply() {
    if (!shown) return;
    const changing = shown.items.filter((item) => item.outcome !== 'refused');
    startTransition(async () => {
      const answer = await apply(shown.action, changing.map(({ id, updatedAt }) => ({ id, updatedAt })));
      if (answer.ok) {
        setShown(null);
        setSelected([]);
        setConfirming(false);
        setDone(`Changed ${answer.changed} ${answer.changed === 1 ? 'product' : 'products'}${answer.unchanged ? ` (${answer.unchanged} already so)` : ''}.`);
        router.refresh();
      } else {
        setConfirming(false);
        setStale(answer.message);
      }
    });
  }

  const refused = shown?.items.filter((item) => item.outcome === 'refused') ?? [];

  return (
    <div className="stack">
      {canWrite ? (
        <section aria-label="Bulk changes" className={`panel ${styles.bulkBar}`}>
          <p role="status" className="muted" style={{ margin: 0, alignSelf: 'center' }}>
            {selected.length === 0 ? 'Select products to change several at once.' : `${selected.length} selected`}
          </p>
          <label>
            Bulk change
            <select className="oc-select" value={kind} onChange={(event) => setKind(event.target.value as Kind)}>
              <option value="change_price">Change price by a percentage</option>
              <option value="set_status">Set status</option>
              <option value="move_category">Move to a category</option>
            </select>
          </label>
          {kind === 'set_status' ? (
            <label>
              New status
              <select className="oc-select" value={status} onChange={(event) => setStatus(event.target.value as ProductStatus)}>
                {Object.entries(PRODUCT_STATUS_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {kind === 'move_category' ? (
            <label>
              Category
              <select className="oc-select" value={category} onChange={(event) => setCategory(event.target.value)}>
                <option value="">Choose a category</option>
                {categories.map((parent) => (
                  <optgroup key={parent.id} label={parent.name}>
                    <option value={parent.id}>{parent.name}</option>
                    {parent.children.map((child) => (
                      <option key={child.id} value={child.id}>
                        {child.name}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </label>
          ) : null}
          {kind === 'change_price' ? (
            <label>
              Percentage (negative lowers)
              <input className="oc-input" inputMode="decimal" value={percent} onChange={(event) => setPercent(event.target.value)} placeholder="e.g. -10" autoComplete="off" />
            </label>
          ) : null}
          <Button type="button" variant="secondary" disabled={selected.length === 0 || selected.length > BULK_MAX_PRODUCTS} loading={pending && !shown} onClick={() => runPreview(selected)}>
            Preview changes
          </Button>
        </section>
      ) : null}
      <div aria-live="polite">
        {problem ? <Alert tone="error">{problem}</Alert> : null}
        {done ? <Alert tone="success">{done}</Alert> : null}
      </div>

      <div className="table-scroll">
        <table className="data-table">
          <caption className="oc-visually-hidden">Products</caption>
          <thead>
            <tr>
              {canWrite ? (
                <th scope="col">
                  <input type="checkbox" checked={allOnPage} onChange={toggleAll} aria-label="Select every product on this page" />
                </th>
              ) : null}
              <th scope="col">Product</th>
              <th scope="col">SKU</th>
              <th scope="col">Category</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Price
              </th>
              <th scope="col" className="num">
                Available
              </th>
              <th scope="col">Last changed</th>
            </tr>
          </thead>
          <tbody>
            {items.map((product) => (
              <tr key={product.id}>
                {canWrite ? (
                  <td>
                    <input type="checkbox" checked={selected.includes(product.id)} onChange={() => toggle(product.id)} aria-label={`Select ${product.name} (${product.sku})`} />
                  </td>
                ) : null}
                <th scope="row">
                  {canWrite ? <Link href={`/products/${product.id}`}>{product.name}</Link> : product.name}
                  {product.brand ? <span className="muted"> · {product.brand}</span> : null}
                </th>
                <td>{product.sku}</td>
                <td>{product.category.name}</td>
                <td>
                  <Badge tone={PRODUCT_STATUS_TONES[product.status]}>{PRODUCT_STATUS_LABELS[product.status]}</Badge>
                </td>
                <td className="num">{money(product.price.amount, product.price.currency)}</td>
                <td className="num">{product.stockQuantity ?? (product.inStock ? 'In stock' : 'Sold out')}</td>
                <td>{dateTime(product.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <dialog ref={dialog} aria-labelledby="bulk-preview-title" onClose={() => setShown(null)} className="panel" style={{ maxWidth: 960, width: '95vw' }}>
        {shown ? (
          <div className="stack">
            <h2 id="bulk-preview-title" className="section-title">
              Preview: {describe(shown.action, categories)}
            </h2>
            <p role="status">
              {shown.changes} will change · {shown.unchanged} already so · {shown.refused} refused
              {shown.missing.length ? ` · ${shown.missing.length} no longer exist` : ''}
            </p>
            {refused.length ? (
              <Alert tone="warning">
                The change is refused for {refused.length} {refused.length === 1 ? 'product' : 'products'} (reasons below). A bulk change applies to every product or to none: leave them out to go on.
              </Alert>
            ) : null}
            {stale ? <Alert tone="error">{stale}</Alert> : null}
            <div className="table-scroll" style={{ maxHeight: '50vh' }}>
              <table className="data-table">
                <caption className="oc-visually-hidden">What changes for each selected product</caption>
                <thead>
                  <tr>
                    <th scope="col">Product</th>
                    <th scope="col">SKU</th>
                    <th scope="col">Before</th>
                    <th scope="col">After</th>
                    <th scope="col">Outcome</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.items.map((item) => {
                    const { before, after } = change(item, shown.action.kind);
                    return (
                      <tr key={item.id}>
                        <th scope="row">{item.name}</th>
                        <td>{item.sku}</td>
                        <td>{before}</td>
                        <td className={styles.arrow}>→ {item.outcome === 'refused' ? '—' : after}</td>
                        <td className={item.outcome === 'refused' ? styles.refused : undefined}>
                          {OUTCOME_LABELS[item.outcome]}
                          {item.reason ? `: ${item.reason}` : ''}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {confirming ? (
              <Alert tone="warning">
                Change {shown.changes} {shown.changes === 1 ? 'product' : 'products'} now? Each change is recorded in the audit log.
              </Alert>
            ) : null}
            <div className={styles.actionsRow}>
              {stale ? (
                <Button type="button" onClick={() => runPreview(shown.items.map((item) => item.id))} loading={pending}>
                  Preview again
                </Button>
              ) : refused.length ? (
                <Button
                  type="button"
                  onClick={() => {
                    const keep = shown.items.filter((item) => item.outcome !== 'refused').map((item) => item.id);
                    setSelected(keep);
                    if (keep.length) runPreview(keep);
                    else setShown(null);
                  }}
                  loading={pending}
                >
                  Leave out the refused products
                </Button>
              ) : confirming ? (
                <Button type="button" onClick={runApply} loading={pending}>
                  Yes, change {shown.changes} {shown.changes === 1 ? 'product' : 'products'}
                </Button>
              ) : (
                <Button type="button" onClick={() => setConfirming(true)} disabled={shown.changes === 0}>
                  Apply changes
                </Button>
              )}
              <Button type="button" variant="secondary" onClick={() => setShown(null)}>
                Cancel
              </Button>
            </div>
          </div>
        ) : null}
      </dialog>
    </div>
  );
}
