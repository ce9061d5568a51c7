import { CallToAction, P, Title } from '../components/layout.js';
import { AddressBlock, LinesTable, orderTotalsRows, Totals } from '../components/order.js';
import { money, orderRef } from '../format.js';
import type { EmailTemplates } from '../types.js';
import type { EmailTemplate } from './template.js';

export const order_confirmation: EmailTemplate<EmailTemplates['order_confirmation']> = {
  subject: (data) => `Your order ${orderRef(data.orderNumber)} is confirmed`,
  preview: (data) => `Thanks for your order. Total: ${money(data.total, data.currency)}.`,
  Content: ({ data }) => (
    <>
      <Title>Thanks for your order</Title>
      <P>{data.name ? `Hi ${data.name},` : 'Hello,'}</P>
      <P>
        We have received your order {orderRef(data.orderNumber)}. We will email you again when it ships.
      </P>
      <LinesTable lines={data.lines} currency={data.currency} />
      <Totals currency={data.currency} rows={orderTotalsRows(data)} />
      <AddressBlock title="Shipping to" address={data.shippingAddress} />
      <CallToAction href={data.orderUrl}>View your order</CallToAction>
    </>
  ),
};

export const payment_failed: EmailTemplate<EmailTemplates['payment_failed']> = {
  subject: (data) => `Payment for your order ${orderRef(data.orderNumber)} did not go through`,
  preview: (data) => `We could not take the payment of ${money(data.total, data.currency)}.`,
  Content: ({ data }) => (
    <>
      <Title>Your payment did not go through</Title>
      <P>
        We could not take the payment of {money(data.total, data.currency)} for your order {orderRef(data.orderNumber)},
        so the order was not placed. You can try again from your cart, with the same card or another payment method.
      </P>
      <CallToAction href={data.cartUrl}>Return to your cart</CallToAction>
    </>
  ),
};

export const order_shipped: EmailTemplate<EmailTemplates['order_shipped']> = {
  subject: (data) => `Your order ${orderRef(data.orderNumber)} has shipped`,
  preview: (data) =>
    data.trackingNumber ? `Tracking number: ${data.trackingNumber}.` : `Your order ${orderRef(data.orderNumber)} is on its way.`,
  Content: ({ data }) => (
    <>
      <Title>Your order is on its way</Title>
      <P>Good news: your order {orderRef(data.orderNumber)} has left our warehouse.</P>
      {data.carrier ? (
        <P>
          Carrier: <strong>{data.carrier}</strong>
        </P>
      ) : null}
      {data.trackingNumber ? (
        <P>
          Tracking number: <strong>{data.trackingNumber}</strong>
        </P>
      ) : null}
      <CallToAction href={data.orderUrl}>View your order</CallToAction>
    </>
  ),
};

export const order_delivered: EmailTemplate<EmailTemplates['order_delivered']> = {
  subject: (data) => `Your order ${orderRef(data.orderNumber)} was delivered`,
  preview: () => 'We hope you enjoy it.',
  Content: ({ data, brand }) => (
    <>
      <Title>Your order was delivered</Title>
      <P>Your order {orderRef(data.orderNumber)} has been delivered. We hope you enjoy it!</P>
      <P>
        {brand.supportEmail
          ? `Something missing or not right? Write to ${brand.supportEmail} and we will sort it out.`
          : 'Something missing or not right? Let us know and we will sort it out.'}
      </P>
      <CallToAction href={data.orderUrl}>View your order</CallToAction>
    </>
  ),
};

export const order_cancelled: EmailTemplate<EmailTemplates['order_cancelled']> = {
  subject: (data) => `Your order ${orderRef(data.orderNumber)} was cancelled`,
  preview: (data) =>
    data.amountRefunded > 0
      ? `We have refunded ${money(data.amountRefunded, data.currency)}.`
      : `Your order ${orderRef(data.orderNumber)} was cancelled.`,
  Content: ({ data }) => (
    <>
      <Title>Your order was cancelled</Title>
      <P>Your order {orderRef(data.orderNumber)} has been cancelled.</P>
      {data.amountRefunded > 0 ? (
        <P>
          We have refunded <strong>{money(data.amountRefunded, data.currency)}</strong> to your original payment method.
          Depending on your bank, it can take a few business days to show on your statement.
        </P>
      ) : null}
      <CallToAction href={data.orderUrl}>View your order</CallToAction>
    </>
  ),
};

export const order_refunded: EmailTemplate<EmailTemplates['order_refunded']> = {
  subject: (data) =>
    data.full
      ? `Your order ${orderRef(data.orderNumber)} has been refunded`
      : `A partial refund for your order ${orderRef(data.orderNumber)}`,
  preview: (data) => `We have refunded ${money(data.amount, data.currency)}.`,
  Content: ({ data }) => (
    <>
      <Title>{data.full ? 'Your order has been refunded' : 'You have received a partial refund'}</Title>
      {data.full ? (
        <P>
          We have refunded <strong>{money(data.amount, data.currency)}</strong> for your order{' '}
          {orderRef(data.orderNumber)}. The order is now refunded in full:{' '}
          {money(data.amountRefunded, data.currency)} of {money(data.total, data.currency)}.
        </P>
      ) : (
        <P>
          We have refunded <strong>{money(data.amount, data.currency)}</strong> of your order {orderRef(data.orderNumber)}.
          So far {money(data.amountRefunded, data.currency)} of the order total of {money(data.total, data.currency)} has
          been refunded.
        </P>
      )}
      <P tone="muted">
        The money goes back to your original payment method. Depending on your bank, it can take a few business days to show
        on your statement.
      </P>
      <CallToAction href={data.orderUrl}>View your order</CallToAction>
    </>
  ),
};
