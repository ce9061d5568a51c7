/**
 * Stripe's request bodies: application/x-www-form-urlencoded with bracket notation, as the
 * `stripe` SDK writes them (`metadata[order_id]=...`, `expand[0]=latest_charge`, `a[]=x`).
 * Values stay strings; each endpoint coerces the parameters it knows.
 */
export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

export function parseForm(body: string): FormObject {
  const root: FormObject = {};
  if (!body) return root;
  for (const pair of body.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const key = decode(rawKey);
    const value = decode(rawValue);
    const path = splitKey(key);
    if (path.length === 0) continue;
    assign(root, path, value);
  }
  return normalizeArrays(root) as FormObject;
}

function decode(text: string): string {
  // Most keys and values (ids, amounts, `metadata[order_id]`) need no decoding at all.
  if (!text.includes('%') && !text.includes('+')) return text;
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** `metadata[order_id]` → ['metadata', 'order_id']; `expand[]` → ['expand', '']. */
export function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return key ? [key] : [];
  const parts = [key.slice(0, open)];
  const pattern = /\[([^\]]*)\]/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(key.slice(open))) !== null) parts.push(match[1] ?? '');
  return parts;
}

function assign(target: FormObject, path: string[], value: string): void {
  let node: FormObject = target;
  for (let index = 0; index < path.length - 1; index++) {
    const part = path[index]!;
    const existing = node[part];
    if (existing === undefined || typeof existing === 'string' || Array.isArray(existing)) {
      const child: FormObject = {};
      node[part] = child;
      node = child;
    } else {
      node = existing;
    }
  }
  const last = path[path.length - 1]!;
  if (last === '') {
    // `a[]=x`: append with the next free index.
    let index = 0;
    while (node[String(index)] !== undefined) index++;
    node[String(index)] = value;
  } else {
    node[last] = value;
  }
}

/** Objects whose keys are exactly 0..n-1 become arrays. */
function normalizeArrays(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  for (const key of keys) value[key] = normalizeArrays(value[key]!);
  if (keys.length > 0 && keys.every((key, index) => key === String(index))) return keys.map((key) => value[key]!);
  return value;
}
