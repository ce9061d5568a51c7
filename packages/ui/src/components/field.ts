import { cx } from '../cx.js';

/** Ids of a form control and its hint/error paragraphs, derived from `id` or else from `name`. */
export function fieldIds(id: string | undefined, name: string | undefined, fallback: string) {
  const controlId = id ?? `oc-field-${(name ?? fallback).replace(/[^A-Za-z0-9_-]+/g, '-')}`;
  return { controlId, hintId: `${controlId}-hint`, errorId: `${controlId}-error` };
}

/** aria-describedby value: the caller's own ids first, then hint, then error. */
export function describedBy(
  own: string | undefined,
  ids: { hintId: string; errorId: string },
  hint: unknown,
  error: unknown,
): string | undefined {
  return cx(own, hint ? ids.hintId : undefined, error ? ids.errorId : undefined) || undefined;
}
