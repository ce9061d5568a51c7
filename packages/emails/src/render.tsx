import { render, toPlainText } from '@react-email/render';
import { Layout } from './components/layout.js';
import { oneLine } from './format.js';
import { emailDataSchema, parseBrand, parseTemplateData, marketingOptionsSchema, TemplateDataError } from './schemas.js';
import { emailTemplates } from './templates/index.js';
import type { EmailTemplate } from './templates/template.js';
import type { Brand, EmailTemplateName, EmailTemplates, RenderedEmail, RenderEmailOptions } from './types.js';

/**
 * Templates sent only to people who agreed to marketing: they carry an "Unsubscribe" link (and the
 * sender adds List-Unsubscribe headers). back_in_stock is an alert the person asked for, so it is
 * transactional.
 */
export const MARKETING_TEMPLATES: readonly EmailTemplateName[] = Object.freeze(['price_drop', 'abandoned_cart', 'campaign']);

export function isMarketingTemplate(template: EmailTemplateName): boolean {
  return MARKETING_TEMPLATES.includes(template);
}

/** html-to-text shouts headings by default; the text part keeps them as written. */
const headingsAsWritten = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } }));

/**
 * Renders one email: subject, HTML and plain-text parts. The data is validated against
 * `emailDataSchemas[template]` first (a TemplateDataError names every bad field), so a stored
 * payload of the wrong shape fails here rather than producing a broken mail. Marketing templates
 * (MARKETING_TEMPLATES) require `options.unsubscribeUrl`; the others ignore it.
 */
export async function renderEmail<T extends EmailTemplateName>(
  template: T,
  data: EmailTemplates[T],
  brand: Brand,
  options: RenderEmailOptions = {},
): Promise<RenderedEmail> {
  if (!Object.hasOwn(emailTemplates, template)) {
    throw new TemplateDataError(String(template), [{ path: [], message: 'unknown email template' }]);
  }
  const definition = emailTemplates[template] as EmailTemplate<EmailTemplates[T]>;
  const validBrand = parseBrand(template, brand);
  const validData = parseTemplateData(template, emailDataSchema(template), data);
  let unsubscribeUrl: string | undefined;
  if (isMarketingTemplate(template)) {
    if (options.unsubscribeUrl === undefined) {
      throw new TemplateDataError(template, [{ path: ['unsubscribeUrl'], message: 'a marketing email needs an unsubscribe link' }]);
    }
    unsubscribeUrl = parseTemplateData(template, marketingOptionsSchema, options).unsubscribeUrl;
  }

  const { Content } = definition;
  const html = await render(
    <Layout brand={validBrand} preview={oneLine(definition.preview(validData, validBrand))} unsubscribeUrl={unsubscribeUrl}>
      <Content data={validData} brand={validBrand} />
    </Layout>,
  );
  return {
    subject: oneLine(definition.subject(validData, validBrand)),
    html,
    text: toPlainText(html, { selectors: headingsAsWritten }).trim(),
  };
}
