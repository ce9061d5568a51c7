import type { CSSProperties } from 'react';
import { Section, Text } from '@react-email/components';
import { colors, radius, space } from '@omnicart/ui/tokens';
import { CallToAction, P, Title } from '../components/layout.js';
import { LinesTable, Totals } from '../components/order.js';
import { markdownToEmailHtml } from '../markdown.js';
import { dateTime, money } from '../format.js';
import type { CampaignCode, EmailTemplates } from '../types.js';
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

/** Where a campaign's text says which code: replaced by the campaign's (or the recipient's own) code. */
export const CODE_PLACEHOLDER = '{{code}}';

/** `{{code}}` (spaces inside the braces allowed) replaced by the code; the text unchanged without one. */
export function withCode(text: string, code: CampaignCode | null | undefined): string {
  return code ? text.replace(/\{\{\s*code\s*\}\}/g, code.code) : text;
}

const codeBox: CSSProperties = {
  border: `2px dashed ${colors.primary}`,
  borderRadius: radius.md,
  padding: `${space.md}`,
  margin: `${space.md} 0`,
  textAlign: 'center',
};
const codeLabel: CSSProperties = { color: colors.textMuted, fontSize: '14px', margin: 0 };
const codeText: CSSProperties = { color: colors.text, fontSize: '24px', fontWeight: 700, letterSpacing: '2px', fontFamily: 'ui-monospace, Menlo, Consolas, monospace', margin: `${space.xs} 0` };

/** The code in a box: "Your code", the code, what it gives and until when; to type or paste at checkout. */
function CodeBlock({ code }: { code: CampaignCode }) {
  return (
    <Section style={codeBox}>
      <Text style={codeLabel}>{code.label ? `Your code for ${code.label}:` : 'Your code:'}</Text>
      <Text style={codeText}>{code.code}</Text>
      <Text style={codeLabel}>
        Enter it at checkout{code.expiresAt ? `, by ${dateTime(code.expiresAt)}` : ''}.
      </Text>
    </Section>
  );
}

export const campaign: EmailTemplate<EmailTemplates['campaign']> = {
  subject: (data) => withCode(data.subject, data.code),
  preview: (data) => withCode(data.preview ?? '', data.code),
  Content: ({ data }) => (
    <>
      {/* markdownToEmailHtml escapes raw HTML and keeps only absolute http(s) links (see markdown.ts). */}
      <Section>
        <div dangerouslySetInnerHTML={{ __html: markdownToEmailHtml(withCode(data.bodyMarkdown, data.code)) }} />
      </Section>
      {data.code ? <CodeBlock code={data.code} /> : null}
      {data.ctaLabel && data.ctaUrl ? <CallToAction href={data.ctaUrl}>{data.ctaLabel}</CallToAction> : null}
    </>
  ),
};
