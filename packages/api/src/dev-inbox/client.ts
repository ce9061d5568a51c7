import type { EmailFilter, InboxEmail, InboxSms, SmsFilter } from './types.js';

/**
 * A small client of the dev inbox's JSON API for tests (vitest here, Playwright suites later). It
 * uses the global `fetch` and nothing else, so any runner can load it.
 */
export interface InboxClient {
  /** Emails matching the filter, newest first. */
  emails(filter?: EmailFilter): Promise<InboxEmail[]>;
  email(id: string): Promise<InboxEmail | null>;
  /** Polls until at least `count` (default 1) emails match; resolves them newest first, or throws after `timeoutMs` (default 10 s). */
  waitForEmails(options?: WaitOptions & EmailFilter): Promise<InboxEmail[]>;
  /** Text messages matching the filter, newest first. */
  sms(filter?: SmsFilter): Promise<InboxSms[]>;
  /** Polls until at least `count` (default 1) text messages match (see waitForEmails). */
  waitForSms(options?: WaitOptions & SmsFilter): Promise<InboxSms[]>;
  /** Deletes every email and text message. */
  clear(): Promise<void>;
  /** Closes (false) or reopens (true) the inbox's SMTP listener: an outage of the mail server. */
  setSmtpAccepting(accepting: boolean): Promise<void>;
}

export interface WaitOptions {
  /** How many matches to wait for (default 1). */
  count?: number;
  /** Default 10 000 ms. */
  timeoutMs?: number;
  /** Time between two polls (default 100 ms). */
  intervalMs?: number;
}

export class InboxRequestError extends Error {
  override readonly name = 'InboxRequestError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export function inboxClient(url: string): InboxClient {
  const base = url.replace(/\/+$/, '');

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new InboxRequestError(`dev inbox at ${base} is unreachable (${method} ${path}): ${error instanceof Error ? error.message : String(error)}`, 0);
    }
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? text;
      } catch {
        // not JSON: keep the text
      }
      throw new InboxRequestError(`dev inbox ${method} ${path} answered ${response.status}: ${message}`, response.status);
    }
    return JSON.parse(text) as T;
  }

  const query = (filter: Record<string, string | undefined>): string => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) if (value !== undefined && value !== '') params.set(key, value);
    const text = params.toString();
    return text ? `?${text}` : '';
  };

  async function waitFor<T>(what: string, read: () => Promise<T[]>, options: WaitOptions, describeOne: (item: T) => string): Promise<T[]> {
    const count = options.count ?? 1;
    const timeoutMs = options.timeoutMs ?? 10_000;
    const intervalMs = options.intervalMs ?? 100;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await read();
      if (found.length >= count) return found;
      if (Date.now() >= deadline) {
        const seen = found.length ? `; ${found.length} matched: ${found.map(describeOne).join(', ')}` : '; none matched';
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${count} ${what}${seen}`);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
    }
  }

  const emails = (filter: EmailFilter = {}) =>
    call<{ emails: InboxEmail[] }>('GET', `/api/emails${query({ to: filter.to, subject: filter.subject })}`).then((answer) => answer.emails);
  const sms = (filter: SmsFilter = {}) => call<{ sms: InboxSms[] }>('GET', `/api/sms${query({ to: filter.to, body: filter.body })}`).then((answer) => answer.sms);

  return {
    emails,
    async email(id) {
      try {
        return await call<InboxEmail>('GET', `/api/emails/${encodeURIComponent(id)}`);
      } catch (error) {
        if (error instanceof InboxRequestError && error.status === 404) return null;
        throw error;
      }
    },
    waitForEmails(options = {}) {
      const filter = { to: options.to, subject: options.subject };
      const what = `email(s)${filter.to ? ` to ${filter.to}` : ''}${filter.subject ? ` with a subject containing "${filter.subject}"` : ''}`;
      return waitFor(what, () => emails(filter), options, (email) => `"${email.subject}" to ${email.to.join(', ')}`);
    },
    sms,
    waitForSms(options = {}) {
      const filter = { to: options.to, body: options.body };
      const what = `text message(s)${filter.to ? ` to ${filter.to}` : ''}${filter.body ? ` with a body containing "${filter.body}"` : ''}`;
      return waitFor(what, () => sms(filter), options, (message) => `"${message.body.slice(0, 40)}" to ${message.to}`);
    },
    async clear() {
      await Promise.all([call('DELETE', '/api/emails'), call('DELETE', '/api/sms')]);
    },
    async setSmtpAccepting(accepting) {
      await call('POST', '/api/smtp', { accepting });
    },
  };
}
