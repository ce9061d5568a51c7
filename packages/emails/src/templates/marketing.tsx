import { Section } from '@react-email/components';
import { CallToAction, P, Title } from '../components/layout.js';
import { LinesTable, Totals } from '../components/order.js';
import { markdownToEmailHtml } from '../markdown.js';
import { money } from '../format.js';
import type { EmailTemplates } from '../types.js';
import type { EmailTemplate } from './template.js';

export const abandoned_cart: EmailTemplate<EmailTemplates['abandoned_cart']> = {
  subject: () => 'You left something in your cart',
  preview: (data) => `Your cart is waiting: ${money(data.subtotal, data.currency)}.`,
  Content: ({ data }) => (
    <>
      <Title>Your cart is waiting</Title>
      <P>{data.name ? `Hi ${data.name},` : 'Hello,'}</P>
      <P>You left these in your cart:</P>
      <LinesTable lines={data.lines} currency={data.currency} />
      <Totals currency={data.currency} rows={[['Subtotal', data.subtotal]]} />
      <CallToAction href={data.cartUrl}>Return to your cart</CallToAction>
    </>
  ),
};

export const campaign: EmailTemplate<EmailTemplates['campaign']> = {
  subject: (data) => data.subject,
  preview: (data) => data.preview ?? '',
  Content: ({ data }) => (
    <>
      {/* markdownToEmailHtml escapes raw HTML and keeps only absolute http(s) links (see markdown.ts). */}
      <Section>
        <div dangerouslySetInnerHTML={{ __html: markdownToEmailHtml(data.bodyMarkdown) }} />
      </Section>
      {data.ctaLabel && data.ctaUrl ? <CallToAction href={data.ctaUrl}>{data.ctaLabel}</CallToAction> : null}
    </>
  ),
};
