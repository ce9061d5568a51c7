import { STORABLE_TEXT_RULE } from '@omnicart/contracts';
import { z } from 'zod';

/**
 * The storefront's words for the platform's rules. The rules themselves (trimming, lower-casing,
 * limits, formats) are @omnicart/contracts' schemas, the very ones the services check, and their
 * messages are the API's. The shopper reads the storefront's own words instead: each issue is
 * re-worded by its field and its zod issue code, so a rule lives once and the words stay the app's.
 */

/**
 * What the shopper is told about one field, by zod issue code (`too_small`, `too_big`,
 * `invalid_format`, …). `empty`: the field was left blank (whatever the code); `invalid`: any other
 * issue. An issue with no words keeps the rule's own message.
 */
export type FieldWords = Partial<Record<z.core.$ZodIssueCode | 'empty' | 'invalid', string>>;

const isBlank = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** The field an issue is about: the last key of its path ('' for the value itself). */
function fieldOf(path: ReadonlyArray<PropertyKey>): string {
  for (let index = path.length - 1; index >= 0; index -= 1) {
    const key = path[index];
    if (typeof key === 'string') return key;
  }
  return '';
}

/** The raw (unparsed) value at `path`, to tell a blank field from a wrong one. */
function valueAt(value: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/**
 * The shared text rule (no NUL character, no half of an emoji: what a bad paste or a broken client
 * leaves behind) in the shopper's words, on any field that does not word it itself.
 */
export const UNSTORABLE_TEXT_WORDS = 'Remove the hidden or broken characters from this field (often left by copying and pasting)';

const breaksTextRule = (issue: z.core.$ZodIssue): boolean =>
  issue.code === 'custom' && (issue.params as { rule?: unknown } | undefined)?.rule === STORABLE_TEXT_RULE;

function say(issue: z.core.$ZodIssue, words: FieldWords | undefined, value: unknown): string {
  if (breaksTextRule(issue)) return words?.custom ?? UNSTORABLE_TEXT_WORDS;
  if (!words) return issue.message;
  if (words.empty && isBlank(value)) return words.empty;
  return words[issue.code] ?? words.invalid ?? issue.message;
}

/**
 * `schema`'s rules with the shopper's words: an issue on field `f` (the last key of its path) is
 * worded by `byField[f]`. Same input and output types as `schema` (it parses with it), so it
 * serves as a procedure input and as a form check alike, and keeps each issue's code and path.
 */
export function worded<T extends z.ZodType>(schema: T, byField: Readonly<Record<string, FieldWords>>) {
  return z.custom<z.input<T>>().transform((value, ctx): z.output<T> => {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      const message = say(issue, byField[fieldOf(issue.path)], valueAt(value, issue.path));
      // The issue as the rule raised it (code, path, limits), in other words.
      ctx.addIssue({ ...issue, message } as z.core.$ZodRawIssue);
    }
    return z.NEVER;
  });
}

/** One value's rules (not an object's fields) with the shopper's words. */
export function wordedValue<T extends z.ZodType>(schema: T, words: FieldWords) {
  return worded(schema, { '': words });
}
