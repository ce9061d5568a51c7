import { expect } from 'vitest';

/**
 * REST helpers shared by the integration tests (not built into dist: see tsconfig.build.json).
 * `jsonRequest` sends JSON with an optional bearer token and parses a JSON answer;
 * `expectError` asserts the platform's error body `{ error: { code, message } }`.
 */
export interface JsonResponse {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

export interface JsonRequestOptions {
  token?: string | null;
  body?: unknown;
  /** A raw body sent as is (e.g. invalid JSON). */
  raw?: string;
  headers?: Record<string, string>;
}

export async function jsonRequest(baseUrl: string, method: string, path: string, options: JsonRequestOptions = {}): Promise<JsonResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const body = options.raw ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  let parsed: unknown = null;
  if (text && response.headers.get('content-type')?.includes('json')) parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed, text };
}

export function expectError(response: JsonResponse, status: number, code: string): void {
  expect(response.status, response.text).toBe(status);
  expect(response.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  expect((response.body as { error: { message: string } }).error.message.length).toBeGreaterThan(0);
}

/**
 * Reads until `done` holds (what events and jobs bring about arrives a little later), every
 * `intervalMs`; after `timeoutMs` fails naming `what` and the last value read.
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 60_000, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value ?? null).slice(0, 2_000)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
