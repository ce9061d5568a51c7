import { z } from 'zod';

/**
 * The one rule every text field of every input follows: no NUL character (PostgreSQL refuses
 * U+0000 in text, so it used to surface as a 500) and no unpaired UTF-16 surrogate (JSON.parse
 * accepts `"\ud800"`, and UTF-8 cannot encode it: the database would silently store U+FFFD).
 * Everything else Unicode allows passes: emoji and other characters beyond U+FFFF arrive as
 * surrogate pairs and are fine.
 *
 * Build every string input with `text()` (or add `storableText` to a string schema with
 * `.check(storableText)`); packages/api's `platform/text-inputs.test.ts` fails when a procedure's
 * input takes a string that lets either through.
 */

/** The rule's name in an issue's `params.rule`, so an app can word it for its users. */
export const STORABLE_TEXT_RULE = 'storable_text';
export const STORABLE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired UTF-16 surrogates';

// With the `u` flag a surrogate pair is one code point, so the class matches only a lone surrogate.
// eslint-disable-next-line no-control-regex -- refusing NUL is the point
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u;

/** True when PostgreSQL can store `value` as text exactly as given (no NUL, no lone surrogate). */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** The rule as a zod check: `z.string().check(storableText)`. */
export const storableText = z.refine<string>(isStorableText, { message: STORABLE_TEXT_MESSAGE, params: { rule: STORABLE_TEXT_RULE } });

/** A text input: a string that follows the rule; chain `.trim()`, `.min()`, `.max()`… as on `z.string()`. */
export const text = (): z.ZodString => z.string().check(storableText);
