import { describe, expect, it } from 'vitest';
import { markdownToEmailHtml } from './markdown.js';
import { renderEmail } from './index.js';
import { brand, fixtures, unsubscribeUrl } from './test-support.js';

function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]!);
}

describe('markdownToEmailHtml', () => {
  it('renders headings, emphasis, lists and absolute links with inline styles', () => {
    const html = markdownToEmailHtml('## Hello\n\nSome *new* **things**:\n\n1. one\n2. two\n\n[Shop](https://shop.example.com/new)');
    expect(html).toMatch(/<h2 style="[^"]+">Hello<\/h2>/);
    expect(html).toContain('<em>new</em>');
    expect(html).toContain('<strong>things</strong>');
    expect(html).toContain('<ol>');
    expect(html).toMatch(/<a href="https:\/\/shop\.example\.com\/new" style="[^"]+">Shop<\/a>/);
  });

  it('shows raw HTML as text instead of running it', () => {
    const html = markdownToEmailHtml(
      '<script>alert(1)</script>\n\nHi <img src=x onerror=alert(2)> and <a href="javascript:alert(3)">click</a>\n\n<iframe src="https://evil.example"></iframe>',
    );
    expect(html).not.toMatch(/<script|<img|<iframe|<a href="javascript/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(hrefs(html)).toEqual([]);
  });

  it('drops links that are not absolute http(s), keeping their text', () => {
    const cases = [
      '[a](javascript:alert(1))',
      '[b](JAVASCRIPT:alert(1))',
      '[c](java\tscript:alert(1))',
      '[d](data:text/html;base64,PHNjcmlwdD4=)',
      '[e](vbscript:msgbox(1))',
      '[f](/relative/path)',
      '[g](//evil.example/x)',
      '<javascript:alert(1)>',
      '[h][ref]\n\n[ref]: javascript:alert(1)',
      '[i](file:///etc/passwd)',
      '[j](&#106;avascript:alert(1))',
      '[k](javascript&#58;alert(1))',
    ];
    for (const markdown of cases) {
      const html = markdownToEmailHtml(markdown);
      expect(hrefs(html), markdown).toEqual([]);
      expect(html, markdown).not.toContain('<a');
    }
    expect(markdownToEmailHtml('[a](javascript:alert(1))')).toContain('a');
  });

  it('keeps http(s) links, autolinks included, and escapes their titles', () => {
    const html = markdownToEmailHtml('[x](https://shop.example.com/a?b=1&c=2 "say \\"hi\\" <b>") and https://shop.example.com/auto');
    expect(hrefs(html)).toEqual(['https://shop.example.com/a?b=1&amp;c=2', 'https://shop.example.com/auto']);
    expect(html).toContain('title="say &quot;hi&quot; &lt;b&gt;"');
  });

  it('does not let a link break out of its attribute', () => {
    const html = markdownToEmailHtml('[x](https://shop.example.com/"onmouseover="alert(1))');
    expect(html).not.toMatch(/"\s*onmouseover=/);
  });

  it('turns images into their alt text: nothing is fetched when the mail is opened', () => {
    const html = markdownToEmailHtml('![A **red** coat](https://cdn.example.com/coat.png) ![x](javascript:alert(1))');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('cdn.example.com');
    expect(html).toContain('A red coat');
    expect(html).toContain('x');
  });

  it('escapes code spans and code blocks', () => {
    const html = markdownToEmailHtml('Use `<b>&amp;</b>`\n\n```html\n<script>x()</script>\n```');
    expect(html).toContain('&lt;b&gt;&amp;amp;&lt;/b&gt;');
    expect(html).toContain('&lt;script&gt;x()&lt;/script&gt;');
    expect(html).not.toContain('<script>');
  });

  it('renders task-list checkboxes as text, not form controls', () => {
    const html = markdownToEmailHtml('- [x] done\n- [ ] todo');
    expect(html).not.toContain('<input');
    expect(html).toContain('[x] done');
  });
});

describe('campaign email with hostile Markdown', () => {
  it('is neutralised in the HTML and readable in the text part', async () => {
    const email = await renderEmail(
      'campaign',
      {
        ...fixtures.campaign,
        bodyMarkdown: 'Hi!\n\n<script>steal()</script>\n\n[Win](javascript:steal()) [Sale](https://shop.example.com/sale)',
      },
      brand,
      { unsubscribeUrl },
    );
    expect(email.html).not.toContain('<script>');
    expect(email.html.toLowerCase()).not.toContain('javascript:');
    expect(email.html).toContain('href="https://shop.example.com/sale"');
    expect(email.text).toContain('Win');
    expect(email.text).toContain('Sale https://shop.example.com/sale');
  });

  it('refuses a javascript: call to action', async () => {
    await expect(
      renderEmail('campaign', { ...fixtures.campaign, ctaUrl: 'javascript:alert(1)' }, brand, { unsubscribeUrl }),
    ).rejects.toThrow(/ctaUrl: must be an absolute http\(s\) URL/);
  });
});
