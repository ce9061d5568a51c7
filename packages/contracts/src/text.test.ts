import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registrationInput } from './account.js';
import { shippingAddressSchema } from './address.js';
import { STORABLE_TEXT_MESSAGE, STORABLE_TEXT_RULE, isStorableText, storableText, text } from './text.js';

const REFUSED = {
  'a NUL character': 'Jane\u0000Doe',
  'a NUL character alone': '\u0000',
  'a lone high surrogate': 'Jane\uD800',
  'a lone high surrogate before a letter': '\uDBFFx',
  'a lone low surrogate': '\uDC00Jane',
  'two high surrogates': '\uD83D\uD83D',
  'a pair turned round': '\uDE00\uD83D',
  'a pair cut in half at the end': 'smile \uD83D',
};

const ACCEPTED = {
  'plain ASCII': 'Jane Doe',
  'the empty string': '',
  'an emoji (a surrogate pair)': 'Party 🎉',
  'several pairs in a row': '😀😁😂',
  'CJK': '東京都千代田区',
  'a character beyond the BMP (CJK extension B)': '𠮷野家',
  'accents and combining marks': 'Zoë Ångström e\u0301',
  'right-to-left text': 'שלום עולם',
  'U+FFFD itself': 'broken \uFFFD',
  'other control characters (their fields decide)': 'tab\tnewline\n',
};

describe('the storable text rule', () => {
  it.each(Object.entries(REFUSED))('refuses %s', (_, value) => {
    expect(isStorableText(value)).toBe(false);
    const result = text().safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ code: 'custom', message: STORABLE_TEXT_MESSAGE, params: { rule: STORABLE_TEXT_RULE } }),
    ]);
  });

  it.each(Object.entries(ACCEPTED))('accepts %s', (_, value) => {
    expect(isStorableText(value)).toBe(true);
    expect(text().parse(value)).toBe(value);
  });

  it('names the field in the issue path, whatever the nesting', () => {
    const schema = z.object({ lines: z.array(z.object({ note: text() })), tags: z.record(z.string(), z.string().check(storableText)) });
    const result = schema.safeParse({ lines: [{ note: 'ok' }, { note: 'bad\u0000' }], tags: { colour: '\uDFFF' } });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['lines', 1, 'note'], ['tags', 'colour']]);
  });

  it('keeps the other checks chained on text() (trim, limits)', () => {
    const schema = text().trim().min(1).max(5);
    expect(schema.parse('  abc  ')).toBe('abc');
    expect(schema.safeParse('   ').success).toBe(false);
    expect(schema.safeParse('toolong').success).toBe(false);
  });

  it('is not part of the published JSON Schema (a refinement)', () => {
    expect(z.toJSONSchema(text().min(1))).toEqual(expect.objectContaining({ type: 'string', minLength: 1 }));
    expect(JSON.stringify(z.toJSONSchema(text()))).not.toContain('pattern');
  });
});

describe('the shared input schemas follow the rule', () => {
  it('refuses a lone surrogate in a new account name (it used to be stored as U+FFFD)', () => {
    const result = registrationInput.safeParse({ email: 'jane@example.com', password: 'long-enough', name: 'Jane \uD800' });
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['name'], message: STORABLE_TEXT_MESSAGE })]);
  });

  it.each(['name', 'line1', 'line2', 'city', 'postalCode'])('refuses NUL and a lone surrogate in a shipping address %s', (field) => {
    const address = { name: 'Jane Doe', line1: '1 Main St', line2: 'Flat 2', city: 'Springfield', postalCode: '12345', country: 'US' };
    for (const bad of ['x\u0000', 'x\uDC00']) {
      const result = shippingAddressSchema.safeParse({ ...address, [field]: bad });
      expect(result.error?.issues).toEqual([expect.objectContaining({ path: [field], message: STORABLE_TEXT_MESSAGE })]);
    }
    expect(shippingAddressSchema.safeParse({ ...address, name: 'Zoë 🎉 東京' }).success).toBe(true);
  });
});
