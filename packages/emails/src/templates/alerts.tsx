import { Text } from '@react-email/components';
import { colors } from '@omnicart/ui/tokens';
import { CallToAction, FallbackLink, P, Title } from '../components/layout.js';
import { money } from '../format.js';
import type { EmailTemplates } from '../types.js';
import type { EmailTemplate } from './template.js';

export const back_in_stock_confirm: EmailTemplate<EmailTemplates['back_in_stock_confirm']> = {
  subject: (data) => `Confirm your back-in-stock alert for ${data.productName}`,
  preview: () => 'One click and we will tell you when it is back.',
  Content: ({ data }) => (
    <>
      <Title>Confirm your alert</Title>
      <P>
        You asked to hear from us when <strong>{data.productName}</strong> is back in stock. Confirm your email address
        and we will send you one message as soon as it is.
      </P>
      <CallToAction href={data.confirmUrl}>Confirm the alert</CallToAction>
      <FallbackLink href={data.confirmUrl} />
      <P tone="muted">If you did not ask for this, ignore this email: you will not hear from us about it.</P>
    </>
  ),
};

export const back_in_stock: EmailTemplate<EmailTemplates['back_in_stock']> = {
  subject: (data) => `${data.productName} is back in stock`,
  preview: () => 'You asked us to tell you when it was back.',
  Content: ({ data }) => (
    <>
      <Title>It is back in stock</Title>
      <P>
        Good news: <strong>{data.productName}</strong> is available again. You asked us to tell you, so here we are.
      </P>
      <CallToAction href={data.productUrl}>View the product</CallToAction>
      <P tone="muted">This was a one-time alert: we will not email you about this product again.</P>
    </>
  ),
};

const oldPriceStyle = { color: colors.textMuted, textDecoration: 'line-through' } as const;
const newPriceStyle = { color: colors.success, fontWeight: 700 } as const;

export const price_drop: EmailTemplate<EmailTemplates['price_drop']> = {
  subject: (data) => `Price drop: ${data.productName} is now ${money(data.newPrice, data.currency)}`,
  preview: (data) => `Was ${money(data.oldPrice, data.currency)}, now ${money(data.newPrice, data.currency)}.`,
  Content: ({ data }) => (
    <>
      <Title>The price dropped</Title>
      <P>
        <strong>{data.productName}</strong> costs less now:
      </P>
      <Text style={{ fontSize: '20px', lineHeight: '28px', margin: '0 0 16px' }}>
        Now <span style={newPriceStyle}>{money(data.newPrice, data.currency)}</span>, was{' '}
        <span style={oldPriceStyle}>{money(data.oldPrice, data.currency)}</span>
      </Text>
      <CallToAction href={data.productUrl}>View the product</CallToAction>
    </>
  ),
};
