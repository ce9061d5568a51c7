'use client';
import { MAX_LINE_QUANTITY } from '@omnicart/contracts';
import { Alert, Badge, Button, cx, LinkButton, Price, Skeleton, SelectField, QuantityInput } from '@omnicart/ui';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import Link from 'next/link';
import { useEffect, useId, useRef, useState } from 'react';
import { COUNTRIES, DEFAULT_COUNTRY, type CountryCode } from '@/lib/checkout/countries';
import { discountCodeSchema, lineSavings } from '@/lib/checkout/discount-code';
import { describeError, useTRPC } from '@/lib/trpc/client';
import { DiscountCodeField } from '@/components/checkout/DiscountCodeField';
import { DiscountRows, Savings } from '@/components/checkout/DiscountRows';
import type { AppRouter } from '@/server/routers';
import totals from '@/components/totals.module.css';
import styles from './CartView.module.css';
import { clampQuantity, describeLineIssue } from './line-issues';

type Outputs = inferRouterOutputs<AppRouter>;
export type CartData = Outputs['cart']['get'];
export type QuoteData = Outputs['checkout']['quote'];
type Line = CartData['items'][number];

const COUNTRY_OPTIONS = COUNTRIES.map((country) => ({ value: country.code, label: country.name }));
/** Typing in the quantity box waits this long before asking the server (the +/− buttons too). */
const QUANTITY_DEBOUNCE_MS = 400;

function useCartUpdater() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (cart: CartData) => {
    queryClient.setQueryData(trpc.cart.get.queryKey(), cart);
    void queryClient.invalidateQueries({ queryKey: trpc.checkout.quote.pathKey() });
  };
}

/**
 * The applied discount code for the cart or checkout summary: apply / remove through the BFF (which
 * keeps it in the httpOnly oc_code cookie), the answer put straight into this country's quote and
 * every other country's quote asked again.
 */
export function useDiscountCode(country: CountryCode) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settle = (quote: QuoteData) => {
    queryClient.setQueryData(trpc.checkout.quote.queryKey({ country }), quote);
    void queryClient.invalidateQueries({ queryKey: trpc.checkout.quote.pathKey(), predicate: (query) => (query.queryKey[1] as { input?: { country?: string } } | undefined)?.input?.country !== country });
  };
  const apply = useMutation(trpc.checkout.applyCode.mutationOptions({ onSuccess: settle }));
  const remove = useMutation(trpc.checkout.removeCode.mutationOptions({ onSuccess: settle }));
  return {
    async apply(code: string) {
      // The BFF's own rule first (blank, too long, not a code's characters), without a round trip.
      const checked = discountCodeSchema.safeParse(code);
      if (!checked.success) throw new Error(checked.error.issues[0]?.message ?? 'Enter a discount code');
      try {
        await apply.mutateAsync({ code: checked.data, country });
      } catch (cause) {
        // A malformed code (the BFF's field error) or an outage: the field shows the message.
        const described = describeError(cause);
        throw new Error(described.fieldErrors.code ?? described.message);
      }
    },
    async remove() {
      try {
        await remove.mutateAsync({ country });
      } catch (cause) {
        throw new Error(describeError(cause).message);
      }
    },
  };
}

/** The discount code field fed by a quote: the applied code, what it takes off, or why it does not apply. */
export function QuoteDiscountCode({ quote, country, id, refusal }: { quote: QuoteData | undefined; country: CountryCode; id: string; refusal?: string | null }) {
  const code = useDiscountCode(country);
  const applied = quote?.discounts.find((discount) => discount.kind === 'code');
  return (
    <DiscountCodeField
      id={id}
      appliedCode={quote?.appliedCode ?? null}
      appliedLabel={applied?.label ?? null}
      refusal={refusal ?? quote?.codeRefusal?.message ?? null}
      onApply={code.apply}
      onRemove={code.remove}
    />
  );
}

function CartLine({
  line,
  currency,
  savings,
  announce,
  onRemoved,
}: {
  line: Line;
  currency: string;
  savings: number;
  announce: (message: string) => void;
  onRemoved: () => void;
}) {
  const trpc = useTRPC();
  const setCart = useCartUpdater();
  const [draft, setDraft] = useState<number | ''>(line.quantity);
  const [serverQuantity, setServerQuantity] = useState(line.quantity);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const errorId = useId();

  // The server's quantity changed (our update landed, or another tab): show it.
  if (serverQuantity !== line.quantity) {
    setServerQuantity(line.quantity);
    setDraft(line.quantity);
  }

  const update = useMutation(
    trpc.cart.updateItem.mutationOptions({
      onSuccess(cart) {
        setError(null);
        setCart(cart);
        announce(`${line.name}: quantity updated`);
      },
      onError(cause) {
        setDraft(line.quantity);
        setError(describeError(cause).message);
      },
    }),
  );
  const remove = useMutation(
    trpc.cart.removeItem.mutationOptions({
      onSuccess(cart) {
        setCart(cart);
        announce(`Removed ${line.name} from your cart`);
        onRemoved();
      },
      onError(cause) {
        setError(describeError(cause).message);
      },
    }),
  );

  useEffect(() => () => clearTimeout(timer.current), []);

  const commit = (quantity: number) => {
    setDraft(quantity);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (quantity !== line.quantity) update.mutate({ productId: line.productId, quantity });
    }, QUANTITY_DEBOUNCE_MS);
  };

  const current = draft === '' ? line.quantity : draft;
  // The product's per-order limit (catalog maxPerOrder) caps the line below the cart's 99.
  const maxQuantity = line.maxQuantity ?? MAX_LINE_QUANTITY;
  const limited = maxQuantity < MAX_LINE_QUANTITY;
  const issue = describeLineIssue(line.issue, line.available);
  const busy = update.isPending || remove.isPending;
  const href = `/products/${line.slug}`;

  return (
    <li className={cx('oc-panel', styles.line)} aria-busy={busy || undefined} data-testid="cart-line" data-product-id={line.productId}>
      <Link href={href} className={styles.imageLink} tabIndex={-1} aria-hidden="true">
        {line.image ? (
          <img src={line.image} alt="" width={96} height={96} className={styles.image} loading="lazy" />
        ) : (
          <span className={styles.imagePlaceholder} />
        )}
      </Link>
      <div className={styles.lineMain}>
        <h2 className={styles.lineName}>
          <Link href={href}>{line.name}</Link>
        </h2>
        <p className={styles.unitPrice}>
          <Price amount={line.unitPrice} currency={currency} size="sm" /> <span className={styles.muted}>each</span>
        </p>
        {limited ? (
          <p className={styles.muted} data-testid="cart-line-limit">
            Limit {maxQuantity} per order
            {line.quantity > maxQuantity ? ': lower the quantity to check out' : ''}
          </p>
        ) : null}
        {issue ? (
          <p className={styles.issue}>
            <Badge tone={issue.tone}>{issue.label}</Badge> <span>{issue.text}</span>
          </p>
        ) : null}
        {error ? (
          <p className={styles.lineError} id={errorId} role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <div className={styles.lineControls}>
        <QuantityInput
          name={`quantity-${line.productId}`}
          label={`Quantity of ${line.name}`}
          hideLabel
          min={1}
          max={maxQuantity}
          value={draft === '' ? ('' as unknown as number) : draft}
          disabled={remove.isPending}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => {
            if (event.target.value === '') return setDraft('');
            const next = clampQuantity(event.target.value, 1, maxQuantity);
            if (next !== null) commit(next);
          }}
          onBlur={() => {
            if (draft === '') setDraft(line.quantity);
          }}
          onDecrement={() => commit(Math.max(1, current - 1))}
          onIncrement={() => commit(Math.min(maxQuantity, current + 1))}
          decrementLabel={`Decrease quantity of ${line.name}`}
          incrementLabel={`Increase quantity of ${line.name}`}
        />
        <p className={styles.lineTotal}>
          {update.isPending ? (
            <span className={styles.muted}>Updating…</span>
          ) : issue ? (
            <span className={styles.muted}>Not included</span>
          ) : (
            <>
              <span className="oc-visually-hidden">Line total: </span>
              <Price amount={line.lineTotal} currency={currency} />
            </>
          )}
        </p>
        {savings > 0 && !issue && !update.isPending ? (
          <p className={styles.lineSavings} data-testid="cart-line-savings">
            <span className="oc-visually-hidden">Discount: </span>
            <Savings amount={savings} currency={currency} size="sm" />
          </p>
        ) : null}
        <Button variant="ghost" size="sm" loading={remove.isPending} onClick={() => remove.mutate({ productId: line.productId })}>
          Remove<span className="oc-visually-hidden"> {line.name}</span>
        </Button>
      </div>
    </li>
  );
}

/** The cart's quote for the chosen country (the totals and the per-line savings share it). */
function useCartQuote(cart: CartData | undefined, initialQuote: QuoteData | undefined) {
  const trpc = useTRPC();
  const [country, setCountry] = useState<CountryCode>((initialQuote?.country as CountryCode | undefined) ?? DEFAULT_COUNTRY);
  const quote = useQuery(
    trpc.checkout.quote.queryOptions(
      { country },
      {
        placeholderData: keepPreviousData,
        initialData: initialQuote && initialQuote.country === country && initialQuote.subtotal === cart?.subtotal ? initialQuote : undefined,
        enabled: Boolean(cart?.items.length),
      },
    ),
  );
  return { country, setCountry, quote };
}

export function CartTotals({
  cart,
  country,
  setCountry,
  quote,
}: {
  cart: CartData;
  country: CountryCode;
  setCountry: (country: CountryCode) => void;
  quote: ReturnType<typeof useCartQuote>['quote'];
}) {
  // Subtotal, shipping, tax and total all come from one quote answer, so they always add up
  // (after a quantity change the previous answer stays until the new one lands). Another
  // country's answer is not shown for this one.
  const data = quote.isPlaceholderData ? undefined : quote.data;
  const money = (amount: number | undefined) => (amount === undefined ? <Skeleton width={72} height="1.2em" /> : <Price amount={amount} currency={cart.currency} />);
  const subtotal = data?.subtotal ?? (quote.isError ? cart.subtotal : undefined);
  const itemCount = data?.itemCount ?? cart.itemCount;
  const freeShippingGap = data && data.shipping > 0 && data.freeShippingThreshold > data.subtotal ? data.freeShippingThreshold - data.subtotal : 0;
  // Checkout orders every line of the cart, so flagged lines must be fixed or removed first.
  const flagged = cart.items.filter((line) => line.issue !== null).length;
  const buyable = cart.itemCount > 0 && flagged === 0;

  return (
    <section className={cx('oc-panel', styles.totals)} aria-labelledby="cart-totals-heading">
      <h2 id="cart-totals-heading" className={styles.totalsHeading}>
        Order summary
      </h2>
      <SelectField
        label="Estimate for"
        name="country"
        id="cart-country"
        options={COUNTRY_OPTIONS}
        value={country}
        onChange={(event) => setCountry(event.target.value as CountryCode)}
        hint="Shipping and tax depend on where the order goes."
      />
      <dl className={cx(totals.totals, styles.totalsList)} aria-busy={quote.isFetching || undefined} aria-live="polite">
        <div>
          <dt>
            Subtotal ({itemCount} {itemCount === 1 ? 'item' : 'items'})
          </dt>
          <dd>{money(subtotal)}</dd>
        </div>
        <DiscountRows discounts={data?.discounts} currency={cart.currency} />
        <div>
          <dt>Shipping</dt>
          <dd>{data && data.shipping === 0 ? 'Free' : money(data?.shipping)}</dd>
        </div>
        <div>
          <dt>Estimated tax</dt>
          <dd>{money(data?.tax)}</dd>
        </div>
        <div className={cx(totals.grandTotal, styles.grandTotal)}>
          <dt>Total</dt>
          <dd>{money(data?.total)}</dd>
        </div>
      </dl>
      {quote.isError ? <p className={styles.lineError}>Shipping and tax could not be estimated right now.</p> : null}
      <QuoteDiscountCode quote={data} country={country} id="cart-discount-code" />
      {freeShippingGap > 0 ? (
        <p className={styles.muted}>
          Add <Price amount={freeShippingGap} currency={cart.currency} size="sm" /> more for free shipping.
        </p>
      ) : null}
      {buyable ? (
        <LinkButton as={Link} href="/checkout" block size="lg">
          Proceed to checkout
        </LinkButton>
      ) : (
        <>
          <Button block size="lg" disabled aria-describedby="cart-nothing-buyable">
            Proceed to checkout
          </Button>
          <p id="cart-nothing-buyable" className={styles.muted}>
            {cart.itemCount === 0
              ? 'Nothing in your cart can be bought right now.'
              : `Remove or update the ${flagged === 1 ? 'flagged item' : `${flagged} flagged items`} to check out.`}
          </p>
        </>
      )}
    </section>
  );
}

export function CartView({ initialCart, initialQuote }: { initialCart?: CartData; initialQuote?: QuoteData }) {
  const trpc = useTRPC();
  // The server's cart is shown until the client's own read lands. It is not put into the query
  // cache as initialData: the header's cart count reads the same query and must hydrate exactly
  // as the server rendered it.
  const cart = useQuery(trpc.cart.get.queryOptions());
  const [message, setMessage] = useState('');
  const data = cart.data ?? initialCart;
  const { country, setCountry, quote } = useCartQuote(data, initialQuote);
  // Per-line savings from the same answer as the totals (never another country's, never a stale one mid-change).
  const savings = lineSavings(quote.isPlaceholderData ? undefined : quote.data?.lines);
  // A removed line takes its focused Remove button with it: focus goes to the list (or the empty
  // cart) instead of falling back to the top of the page.
  const linesRef = useRef<HTMLUListElement>(null);
  const emptyRef = useRef<HTMLDivElement>(null);
  const focusAfterRemove = () => requestAnimationFrame(() => (linesRef.current ?? emptyRef.current)?.focus());

  if (!data && cart.isPending) return <CartSkeleton />;
  if (!data) {
    return (
      <Alert tone="error" title="Your cart could not be loaded">
        {describeError(cart.error).message}{' '}
        <Button variant="secondary" size="sm" onClick={() => void cart.refetch()}>
          Try again
        </Button>
      </Alert>
    );
  }
  return (
    <>
      <p className="oc-visually-hidden" role="status" aria-live="polite">
        {message}
      </p>
      {data.items.length === 0 ? (
        <div className={styles.empty} ref={emptyRef} tabIndex={-1}>
          <p>Your cart is empty.</p>
          <LinkButton as={Link} href="/">
            Continue shopping
          </LinkButton>
        </div>
      ) : (
        <div className={styles.layout}>
          <ul className={styles.lines} aria-label="Items in your cart" ref={linesRef} tabIndex={-1}>
            {data.items.map((line) => (
              <CartLine
                key={line.productId}
                line={line}
                currency={data.currency}
                savings={savings.get(line.productId) ?? 0}
                announce={setMessage}
                onRemoved={focusAfterRemove}
              />
            ))}
          </ul>
          <CartTotals cart={data} country={country} setCountry={setCountry} quote={quote} />
        </div>
      )}
    </>
  );
}

export function CartSkeleton() {
  return (
    <div className={styles.layout} aria-busy="true">
      <ul className={styles.lines} aria-label="Loading your cart">
        {[0, 1].map((key) => (
          <li key={key} className={cx('oc-panel', styles.line)}>
            <Skeleton width={96} height={96} shape="block" />
            <div className={styles.lineMain}>
              <Skeleton width="70%" height="1.3em" />
              <Skeleton width={80} height="1em" />
            </div>
            <div className={styles.lineControls}>
              <Skeleton width={132} height={40} shape="block" />
              <Skeleton width={72} height="1.2em" />
            </div>
          </li>
        ))}
      </ul>
      <div className={cx('oc-panel', styles.totals)}>
        <Skeleton width="60%" height="1.5em" />
        <Skeleton width="100%" height={200} shape="block" />
        <Skeleton width="100%" height={48} shape="block" />
      </div>
    </div>
  );
}
