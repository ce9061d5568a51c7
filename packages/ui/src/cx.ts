/** Joins class names, skipping falsy values: cx('oc-button', loading && 'is-loading', className). */
export function cx(...names: Array<string | false | null | undefined>): string {
  return names.filter(Boolean).join(' ');
}
