import { Marked, type Tokens } from 'marked';
import { colors, fontStack } from '@omnicart/ui/tokens';
import { isAbsoluteHttpUrl } from './schemas.js';

/**
 * Campaign Markdown → email-safe HTML. The Markdown is written by staff in the admin, but it is
 * still input: raw HTML in it is shown as text (escaped, never interpreted), only absolute
 * http(s) links survive (javascript:, data:, relative and protocol-relative links become their
 * text), and images become their alt text (nothing is fetched from the internet when the mail is
 * opened). Block elements carry inline styles, as email clients ignore most <style> sheets.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** Inline styles, attribute-escaped once here (the font stack has quotes in it). */
const style = {
  p: `margin:0 0 16px;font-family:${fontStack};font-size:16px;line-height:24px;color:${colors.text}`,
  h: `margin:24px 0 12px;font-family:${fontStack};line-height:1.3;color:${colors.text}`,
  a: `color:${colors.primary};text-decoration:underline`,
  blockquote: `margin:0 0 16px;padding:0 0 0 16px;border-left:4px solid ${colors.border};color:${colors.textMuted}`,
  code: `font-family:ui-monospace,Menlo,Consolas,monospace;background-color:${colors.surfaceMuted};padding:2px 4px;border-radius:4px`,
  pre: `margin:0 0 16px;padding:12px;background-color:${colors.surfaceMuted};border-radius:4px;white-space:pre-wrap`,
  hr: `border:none;border-top:1px solid ${colors.border};margin:24px 0`,
};
for (const key of Object.keys(style) as Array<keyof typeof style>) style[key] = escapeHtml(style[key]);

const headingSizes: Record<number, string> = { 1: '24px', 2: '20px', 3: '18px' };

const marked = new Marked({
  async: false,
  gfm: true,
  breaks: false,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(text);
    },
    link({ href, title, tokens }: Tokens.Link) {
      const label = this.parser.parseInline(tokens);
      if (!isAbsoluteHttpUrl(href)) return label;
      const titleAttribute = title ? ` title="${escapeHtml(title)}"` : '';
      return `<a href="${escapeHtml(new URL(href).href)}"${titleAttribute} style="${style.a}">${label}</a>`;
    },
    image({ text, tokens }: Tokens.Image) {
      // The alt text, as plain text (the text renderer drops emphasis and the like).
      return escapeHtml(tokens ? this.parser.parseInline(tokens, this.parser.textRenderer) : text);
    },
    paragraph({ tokens }: Tokens.Paragraph) {
      return `<p style="${style.p}">${this.parser.parseInline(tokens)}</p>\n`;
    },
    heading({ tokens, depth }: Tokens.Heading) {
      const level = Math.min(Math.max(depth, 1), 6);
      const size = headingSizes[level] ?? '16px';
      return `<h${level} style="${style.h};font-size:${size}">${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
    blockquote({ tokens }: Tokens.Blockquote) {
      return `<blockquote style="${style.blockquote}">${this.parser.parse(tokens)}</blockquote>\n`;
    },
    codespan({ text }: Tokens.Codespan) {
      return `<code style="${style.code}">${escapeHtml(text)}</code>`;
    },
    code({ text }: Tokens.Code) {
      return `<pre style="${style.pre}"><code>${escapeHtml(text)}</code></pre>\n`;
    },
    hr() {
      return `<hr style="${style.hr}">\n`;
    },
    checkbox({ checked }: Tokens.Checkbox) {
      return checked ? '[x] ' : '[ ] ';
    },
  },
});

/** Renders campaign Markdown to HTML safe to embed in an email body. */
export function markdownToEmailHtml(markdown: string): string {
  return marked.parse(markdown, { async: false });
}
