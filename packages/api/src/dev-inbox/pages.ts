import type { InboxEmail, InboxSms } from './types.js';

/**
 * The inbox's HTML pages: self-contained (inline CSS, no script, no external asset) and every
 * value escaped. A mail's own HTML is shown only inside a sandboxed iframe (srcdoc, no scripts, no
 * same origin), so whatever a template renders cannot reach the inbox page.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (character) => ENTITIES[character]!);

/**
 * Sent with every page: no script, styles inline only, no framing by other origins. Images may
 * load (a mail's logo from the local storefront); fonts, frames' own fetches and everything else may not.
 */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data: http: https:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const STYLE = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; }
  body { margin: 0; background: #f6f8fa; }
  header { background: #24292f; color: #fff; padding: 0.75rem 1.5rem; display: flex; gap: 1.5rem; align-items: baseline; }
  header strong { font-size: 1.1rem; }
  header a { color: #d0d7de; text-decoration: none; }
  header a[aria-current="page"] { color: #fff; text-decoration: underline; }
  main { padding: 1.5rem; max-width: 72rem; }
  table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid #d0d7de; }
  th, td { text-align: left; padding: 0.5rem 0.75rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
  th { background: #f6f8fa; font-weight: 600; }
  td.when { white-space: nowrap; color: #57606a; }
  a { color: #0969da; }
  .empty { color: #57606a; }
  .meta { background: #fff; border: 1px solid #d0d7de; padding: 0.75rem 1rem; margin-bottom: 1rem; }
  .meta dt { font-weight: 600; float: left; clear: left; width: 7rem; }
  .meta dd { margin: 0 0 0.25rem 7rem; word-break: break-all; }
  iframe { width: 100%; height: 32rem; border: 1px solid #d0d7de; background: #fff; }
  td pre { margin: 0; }
  pre { background: #fff; border: 1px solid #d0d7de; padding: 0.75rem; white-space: pre-wrap; word-break: break-word; }
  h1 { font-size: 1.3rem; margin-top: 0; }
  h2 { font-size: 1.05rem; margin-top: 1.5rem; }
`;

function layout(title: string, current: 'emails' | 'sms' | null, content: string): string {
  const nav = (href: string, label: string, name: 'emails' | 'sms') =>
    `<a href="${href}"${current === name ? ' aria-current="page"' : ''}>${label}</a>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · OmniCart dev inbox</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<header><strong>OmniCart dev inbox</strong>${nav('/', 'Emails', 'emails')}${nav('/sms', 'SMS', 'sms')}</header>
<main>
${content}
</main>
</body>
</html>
`;
}

const when = (iso: string) => `<time datetime="${escapeHtml(iso)}">${escapeHtml(iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))}</time>`;

export function emailListPage(emails: InboxEmail[]): string {
  const rows = emails
    .map(
      (email) => `<tr>
<td><a href="/emails/${encodeURIComponent(email.id)}">${escapeHtml(email.subject || '(no subject)')}</a></td>
<td>${escapeHtml(email.to.join(', ') || email.envelope.to.join(', '))}</td>
<td class="when">${when(email.date)}</td>
</tr>`,
    )
    .join('\n');
  const body = emails.length
    ? `<table><thead><tr><th scope="col">Subject</th><th scope="col">To</th><th scope="col">Date</th></tr></thead><tbody>
${rows}
</tbody></table>`
    : '<p class="empty">No email yet. Anything sent to this inbox over SMTP shows up here (reload the page).</p>';
  return layout('Emails', 'emails', `<h1>Emails (${emails.length})</h1>\n${body}`);
}

export function emailPage(email: InboxEmail): string {
  const field = (name: string, value: string) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`;
  const headers = Object.entries(email.headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
  const attachments = email.attachments.length
    ? `<h2>Attachments</h2><ul>${email.attachments
        .map((attachment) => `<li>${escapeHtml(attachment.filename ?? '(unnamed)')} (${escapeHtml(attachment.contentType)}, ${attachment.size} bytes)</li>`)
        .join('')}</ul>`
    : '';
  // srcdoc is an attribute: the whole document is escaped once more to sit inside the quotes.
  const html =
    email.html === ''
      ? '<p class="empty">This message has no HTML part.</p>'
      : `<iframe title="HTML part" sandbox="" referrerpolicy="no-referrer" srcdoc="${escapeHtml(email.html)}"></iframe>`;
  const content = `<p><a href="/">← All emails</a></p>
<h1>${escapeHtml(email.subject || '(no subject)')}</h1>
<dl class="meta">
${field('From', email.from)}
${field('To', email.to.join(', '))}
${email.cc.length ? field('Cc', email.cc.join(', ')) : ''}
${field('Envelope', `${email.envelope.from ?? '<>'} → ${email.envelope.to.join(', ')}`)}
${field('Date', email.date)}
${field('Message-ID', email.messageId ?? '')}
${field('Size', `${email.size} bytes`)}
</dl>
<h2>HTML</h2>
${html}
<h2>Text</h2>
${email.text === '' ? '<p class="empty">This message has no text part.</p>' : `<pre>${escapeHtml(email.text)}</pre>`}
${attachments}
<h2>Headers</h2>
<pre>${escapeHtml(headers)}</pre>`;
  return layout(email.subject || 'Email', null, content);
}

export function smsListPage(messages: InboxSms[]): string {
  const rows = messages
    .map(
      (message) => `<tr>
<td>${escapeHtml(message.to)}</td>
<td>${escapeHtml(message.from ?? message.messagingServiceSid ?? '')}</td>
<td><pre>${escapeHtml(message.body)}</pre></td>
<td>${message.numSegments}</td>
<td class="when">${when(message.dateCreated)}</td>
</tr>`,
    )
    .join('\n');
  const body = messages.length
    ? `<table><thead><tr><th scope="col">To</th><th scope="col">From</th><th scope="col">Body</th><th scope="col">Segments</th><th scope="col">Date</th></tr></thead><tbody>
${rows}
</tbody></table>`
    : '<p class="empty">No text message yet. Messages sent through the Twilio-shaped API show up here (reload the page).</p>';
  return layout('SMS', 'sms', `<h1>SMS (${messages.length})</h1>\n${body}`);
}

export function notFoundPage(path: string): string {
  return layout('Not found', null, `<h1>Not found</h1><p>Nothing at <code>${escapeHtml(path)}</code>. <a href="/">Back to the inbox</a>.</p>`);
}
