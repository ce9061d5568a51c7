'use client';
import { Alert, Button, cx, formatMoney, Price, SelectField, Skeleton, TextField, EmailField } from '@omnicart/ui';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { QuoteDiscountCode, type CartData, type QuoteData } from '@/components/cart/CartView';
import { isCodeRefusal, lineSavings } from '@/lib/checkout/discount-code';
import { DiscountRows, Savings } from './DiscountRows';
import { describeError, useTRPC } from '@/lib/trpc/client';
import { newAttemptId } from './attempt-id';
import { checkoutRefusal, type CheckoutRefusal } from '@/lib/checkout/refusal';
import { CHECKOUT_FIELDS, firstInvalidField, toPlaceOrderInput, validateCheckout, type CheckoutField, type CheckoutValues, type FieldErrors } from '@/lib/checkout/checkout-schema';
import totals from '@/components/totals.module.css';
import styles from './CheckoutForm.module.css';
import { COUNTRIES, DEFAULT_COUNTRY, type CountryCode } from '@/lib/checkout/countries';
import { formatExpiryInput, groupCardNumber, TEST_CARDS } from '@/lib/checkout/test-cards';
import { useHydrated } from '@/lib/use-hydrated';

const COUNTRY_OPTIONS = COUNTRIES.map((country) => ({ value: country.code, label: country.name }));

const EMPTY: CheckoutValues = {
  email: '',
  name: '',
  line1: '',
  line2: '',
  city: '',
  postalCode: '',
  country: DEFAULT_COUNTRY,
  cardNumber: '',
  expiry: '',
  cvc: '',
};

const controlId = (field: CheckoutField) => `oc-field-${field}`;

function focusField(field: CheckoutField | undefined) {
  if (!field) return;
  const element = document.getElementById(controlId(field));
  element?.focus();
}

/** Server field errors: zod paths ("shippingAddress.city") from the BFF and `details.fieldErrors` from the router. */
function serverFieldErrors(error: unknown): FieldErrors {
  const data = (error as { data?: { fieldErrors?: Record<string, string>; details?: { fieldErrors?: Record<string, string> } } } | null)?.data;
  const merged = { ...(data?.fieldErrors ?? {}), ...(data?.details?.fieldErrors ?? {}) };
  const errors: FieldErrors = {};
  for (const [path, message] of Object.entries(merged)) {
    const field = path.split('.').pop();
    if (field && (CHECKOUT_FIELDS as readonly string[]).includes(field) && !errors[field as CheckoutField]) errors[field as CheckoutField] = message;
  }
  return errors;
}

/** `quote` is the answer for the chosen country (undefined while it loads): all four totals come from it. */
function OrderSummary({
  cart,
  quote,
  quoteLoading,
  quoteError,
  country,
  codeRefusal,
}: {
  cart: CartData;
  quote: QuoteData | undefined;
  quoteLoading: boolean;
  quoteError: boolean;
  country: CountryCode;
  /** A checkout 409's message about the code (used up meanwhile…), shown next to the code field. */
  codeRefusal: string | null;
}) {
  const current = quote;
  const savings = lineSavings(current?.lines);
  const amount = (value: number | undefined, free = false) =>
    value === undefined ? <Skeleton width={72} height="1.2em" /> : free && value === 0 ? 'Free' : <Price amount={value} currency={cart.currency} />;
  const buyable = cart.items.filter((line) => line.issue === null);
  const flagged = cart.items.length - buyable.length;
  return (
    <section className={cx('oc-panel', styles.section)} aria-labelledby="checkout-summary-heading">
      <h2 id="checkout-summary-heading" className={styles.heading}>
        Order summary
      </h2>
      <ul className={styles.summaryItems}>
        {buyable.map((line) => (
          <li key={line.productId}>
            <span className={styles.summaryName}>
              {line.name} <span className={styles.muted}>× {line.quantity}</span>
            </span>
            <span className={styles.summaryAmounts}>
              <Price amount={line.lineTotal} currency={cart.currency} size="sm" />
              {savings.get(line.productId) ? (
                <span className={styles.summarySavings}>
                  <span className="oc-visually-hidden">Discount: </span>
                  <Savings amount={savings.get(line.productId) ?? 0} currency={cart.currency} size="sm" />
                </span>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      {flagged > 0 ? (
        <p className={styles.muted}>
          {flagged === 1 ? '1 item in your cart is' : `${flagged} items in your cart are`} no longer available as it is.{' '}
          <Link href="/cart">Update your cart</Link> to continue.
        </p>
      ) : null}
      <dl className={cx(totals.totals, styles.totals)} aria-live="polite" aria-busy={quoteLoading || undefined}>
        <div>
          <dt>Subtotal</dt>
          <dd>{amount(current?.subtotal ?? (quoteError ? cart.subtotal : undefined))}</dd>
        </div>
        <DiscountRows discounts={current?.discounts} currency={cart.currency} />
        <div>
          <dt>Shipping</dt>
          <dd data-testid="checkout-shipping">{amount(current?.shipping, true)}</dd>
        </div>
        <div>
          <dt>Tax</dt>
          <dd data-testid="checkout-tax">{amount(current?.tax)}</dd>
        </div>
        <div className={cx(totals.grandTotal, styles.grandTotal)}>
          <dt>Total</dt>
          <dd data-testid="checkout-total">{amount(current?.total)}</dd>
        </div>
      </dl>
      {quoteError ? <p className={styles.error}>Shipping and tax could not be calculated right now. Please try again.</p> : null}
      <QuoteDiscountCode quote={current} country={country} id="checkout-discount-code" refusal={codeRefusal} />
    </section>
  );
}

export function CheckoutForm({
  guest,
  accountEmail,
  initialCart,
  initialQuote,
}: {
  guest: boolean;
  accountEmail?: string;
  initialCart: CartData;
  initialQuote?: QuoteData;
}) {
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [values, setValues] = useState<CheckoutValues>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<(CheckoutRefusal & { toSignIn?: boolean }) | null>(null);
  const [attemptId, setAttemptId] = useState(newAttemptId);
  const [placed, setPlaced] = useState(false);
  // A checkout 409 about the code (used up or expired since it was applied): shown at the code field.
  const [codeRefusal, setCodeRefusal] = useState<{ code: string; message: string } | null>(null);
  // Synchronous guard: a second click or Enter before React re-renders the disabled button.
  const inFlight = useRef(false);

  // Not initialData: the header's cart count shares this query and must hydrate as rendered.
  const cart = useQuery(trpc.cart.get.queryOptions());
  const country = values.country as CountryCode;
  const quote = useQuery(
    trpc.checkout.quote.queryOptions(
      { country },
      { placeholderData: keepPreviousData, initialData: initialQuote && initialQuote.country === country ? initialQuote : undefined },
    ),
  );

  const placeOrder = useMutation(trpc.checkout.placeOrder.mutationOptions());
  // The way on after a session ended mid-checkout gets focus once it is shown.
  const toSignIn = Boolean(formError?.toSignIn);
  useEffect(() => {
    if (toSignIn) document.getElementById('checkout-sign-in-again')?.focus();
  }, [toSignIn]);

  const setField = (field: CheckoutField) => (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
    let value = event.target.value;
    if (field === 'cardNumber') value = groupCardNumber(value);
    if (field === 'expiry') value = formatExpiryInput(value);
    if (field === 'cvc') value = value.replace(/\D/g, '').slice(0, 4);
    setValues((previous) => ({ ...previous, [field]: value }));
    if (errors[field]) setErrors((previous) => ({ ...previous, [field]: undefined }));
  };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current || placed) return;
    const found = validateCheckout(values, guest);
    setErrors(found);
    if (firstInvalidField(found)) {
      setFormError({ title: 'Please check the highlighted fields', message: 'Some details are missing or not quite right.' });
      focusField(firstInvalidField(found));
      return;
    }
    inFlight.current = true;
    setFormError(null);
    setCodeRefusal(null);
    // The code the totals were shown with: applied and taken by the quote (a refused one is not sent).
    const shown = quote.isPlaceholderData ? undefined : quote.data;
    const code = shown?.appliedCode && !shown.codeRefusal ? shown.appliedCode : undefined;
    try {
      const order = await placeOrder.mutateAsync({ ...toPlaceOrderInput(values, guest), attemptId, ...(code ? { code } : {}) });
      setPlaced(true);
      void queryClient.invalidateQueries({ queryKey: trpc.cart.pathKey() });
      router.push(`/checkout/confirmation/${order.orderId}`);
    } catch (cause) {
      inFlight.current = false;
      const described = describeError(cause);
      const status = described.httpStatus;
      // A refused attempt is final for its key: the next try (new card, fixed address) is a new attempt.
      // A 5xx or network failure keeps the key, so sending again cannot charge twice.
      if (status !== undefined && status < 500) setAttemptId(newAttemptId());
      if (status === 402 || described.domainCode === 'PAYMENT_DECLINED') {
        setValues((previous) => ({ ...previous, cardNumber: '' }));
        setErrors({});
        setFormError({ title: 'Payment declined', message: described.message });
        focusField('cardNumber');
        return;
      }
      // The code no longer applies: its message goes next to the code field, the form stays filled,
      // and the totals are asked again (they show the code refused, so removing it and paying works).
      if (isCodeRefusal(described.details) && code) {
        setCodeRefusal({ code, message: described.message });
        void queryClient.invalidateQueries({ queryKey: trpc.checkout.quote.pathKey() });
        document.getElementById('checkout-discount-code')?.focus();
        return;
      }
      const fields = serverFieldErrors(cause);
      // The page was rendered signed in, but the server now sees a guest (the session ended, e.g.
      // its refresh token was revoked): there is no email field to fix, signing in again is the way.
      if (!guest && fields.email) {
        setFormError({ title: 'Please sign in again', message: 'Your session has ended, so the order was not placed.', toSignIn: true });
        return;
      }
      if (firstInvalidField(fields)) {
        setErrors(fields);
        setFormError({ title: 'Please check the highlighted fields', message: described.message });
        focusField(firstInvalidField(fields));
        return;
      }
      // The cart's own order (awaiting 3-D Secure, or placed), a purchase limit, too many checkouts, stock.
      const refusal = checkoutRefusal(described);
      if (refusal.toCart || refusal.toOrder) void queryClient.invalidateQueries({ queryKey: trpc.cart.pathKey() });
      setFormError(refusal);
    }
  }

  // Once the order is placed the cart empties; the page keeps showing what was ordered until it moves on.
  const liveCart = cart.data ?? initialCart;
  const orderedCart = useRef(liveCart);
  if (!placed) orderedCart.current = liveCart;
  const cartData = placed ? orderedCart.current : liveCart;
  const submitting = placeOrder.isPending || placed;
  // Another country's totals are never shown as this one's (keepPreviousData only avoids a jump).
  const currentQuote = quote.isPlaceholderData ? undefined : quote.data;

  return (
    <form method="post" className={styles.form} onSubmit={onSubmit} noValidate aria-describedby={formError ? 'checkout-form-error' : undefined}>
      <div id="checkout-form-error" className={styles.alertSlot}>
        {formError ? (
          <Alert tone="error" title={formError.title} role="alert">
            {formError.message}
            {formError.toCart ? (
              <>
                {' '}
                <Link href="/cart">Review your cart</Link>
              </>
            ) : null}
            {formError.toOrder ? (
              <>
                {' '}
                <Link id="checkout-existing-order" href={formError.toOrder.href}>
                  {formError.toOrder.label}
                </Link>
              </>
            ) : null}
            {formError.toSignIn ? (
              <>
                {' '}
                <Link id="checkout-sign-in-again" href="/login?callbackUrl=/checkout">
                  Sign in
                </Link>
              </>
            ) : null}
          </Alert>
        ) : null}
      </div>

      <fieldset className={cx('oc-panel', styles.section)}>
        <legend className={styles.heading}>{guest ? 'Contact and shipping' : 'Shipping address'}</legend>
        {guest ? (
          <EmailField
            value={values.email}
            onChange={setField('email')}
            error={errors.email}
            hint={
              <>
                For your receipt. <Link href="/login?callbackUrl=/checkout">Sign in</Link> to use your account.
              </>
            }
          />
        ) : (
          <p className={styles.muted}>Signed in as {accountEmail}.</p>
        )}
        <TextField label="Full name" name="name" autoComplete="shipping name" required value={values.name} onChange={setField('name')} error={errors.name} />
        <TextField
          label="Address line 1"
          name="line1"
          autoComplete="shipping address-line1"
          required
          value={values.line1}
          onChange={setField('line1')}
          error={errors.line1}
        />
        <TextField
          label="Address line 2"
          name="line2"
          autoComplete="shipping address-line2"
          hint="Optional: apartment, suite, building"
          value={values.line2}
          onChange={setField('line2')}
          error={errors.line2}
        />
        <div className={styles.row}>
          <TextField label="City" name="city" autoComplete="shipping address-level2" required value={values.city} onChange={setField('city')} error={errors.city} />
          <TextField
            label="Postal code"
            name="postalCode"
            autoComplete="shipping postal-code"
            required
            value={values.postalCode}
            onChange={setField('postalCode')}
            error={errors.postalCode}
          />
        </div>
        <SelectField
          label="Country"
          name="country"
          autoComplete="shipping country"
          required
          options={COUNTRY_OPTIONS}
          value={values.country}
          onChange={setField('country')}
          error={errors.country}
          hint="Shipping and tax are recalculated for the country."
        />
      </fieldset>

      <OrderSummary
        cart={cartData}
        quote={currentQuote}
        quoteLoading={quote.isFetching}
        quoteError={quote.isError}
        country={country}
        codeRefusal={codeRefusal && codeRefusal.code === currentQuote?.appliedCode ? codeRefusal.message : null}
      />

      <fieldset className={cx('oc-panel', styles.section)}>
        <legend className={styles.heading}>Payment</legend>
        <div className={styles.testCards} id="checkout-test-cards">
          <p className={styles.testCardsTitle}>This is a demo shop: use a test card.</p>
          <ul>
            {TEST_CARDS.map((card) => (
              <li key={card.number}>
                <span className={styles.mono}>{groupCardNumber(card.number)}</span> {card.label}
              </li>
            ))}
          </ul>
          <p className={styles.muted}>Any future expiry date and any 3-digit CVC.</p>
        </div>
        <TextField
          label="Card number"
          name="cardNumber"
          inputMode="numeric"
          autoComplete="cc-number"
          required
          maxLength={23}
          placeholder="1234 1234 1234 1234"
          value={values.cardNumber}
          onChange={setField('cardNumber')}
          error={errors.cardNumber}
          aria-describedby="checkout-test-cards"
          className={styles.mono}
        />
        <div className={styles.row}>
          <TextField
            label="Expiry"
            name="expiry"
            inputMode="numeric"
            autoComplete="cc-exp"
            required
            maxLength={7}
            placeholder="MM/YY"
            hint="MM/YY"
            value={values.expiry}
            onChange={setField('expiry')}
            error={errors.expiry}
          />
          <TextField
            label="CVC"
            name="cvc"
            inputMode="numeric"
            autoComplete="cc-csc"
            required
            maxLength={4}
            hint="3 or 4 digits on the back"
            value={values.cvc}
            onChange={setField('cvc')}
            error={errors.cvc}
          />
        </div>
      </fieldset>

      <Button type="submit" size="lg" block loading={submitting} disabled={!hydrated} data-testid="pay-button">
        {submitting
          ? 'Placing your order…'
          : currentQuote
            ? `Pay ${formatMoney({ amount: currentQuote.total, currency: cartData.currency })}`
            : 'Pay'}
      </Button>
      <p className={styles.muted}>Your card details are checked by our server and never stored.</p>
    </form>
  );
}
