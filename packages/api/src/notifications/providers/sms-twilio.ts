import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import { ProviderError, type OutgoingSms, type SentReceipt, type SmsProvider } from './types.js';

/**
 * SMS through Twilio's Messages API with the official `twilio` SDK. With `apiUrl` the SDK talks to
 * that server instead of https://api.twilio.com (the dev inbox's Twilio-shaped API in development
 * and tests): a RequestClient subclass rewrites the origin of every request the SDK builds, so the
 * SDK's own paths, form encoding, auth and error parsing are used unchanged.
 */
export interface TwilioSmsProviderOptions {
  /** `AC...` (the SDK refuses anything else). */
  accountSid: string;
  authToken: string;
  /** A sender number (E.164), short code or alphanumeric id; or a Messaging Service sid (`MG...`). */
  from: string;
  /** Base URL replacing https://api.twilio.com (e.g. the dev inbox, http://127.0.0.1:1080). */
  apiUrl?: string | undefined;
  /** Per-request timeout in ms (default 10 000). */
  timeoutMs?: number;
}

/** Twilio's hosts: api.twilio.com, and its edge/region forms (api.dublin.ie1.twilio.com). */
const TWILIO_HOST = /(^|\.)twilio\.com$/;

/** The SDK's HTTP client, sending what it would send to Twilio to `apiUrl` instead. */
class RedirectingRequestClient extends twilio.RequestClient {
  private readonly target: URL;

  constructor(apiUrl: string, options: { timeout: number; httpAgent: HttpAgent; httpsAgent: HttpsAgent }) {
    super({ timeout: options.timeout, keepAlive: true });
    let target: URL;
    try {
      target = new URL(apiUrl);
    } catch {
      throw new Error(`Twilio apiUrl is not a valid URL: ${apiUrl}`);
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error(`Twilio apiUrl must be http: or https: (got ${target.protocol})`);
    this.target = target;
    this.axios.defaults.httpAgent = options.httpAgent;
    this.axios.defaults.httpsAgent = options.httpsAgent;
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const original = new URL(opts.uri);
    if (!TWILIO_HOST.test(original.hostname)) return super.request<TData>(opts);
    const base = this.target.pathname.replace(/\/+$/, '');
    const rewritten = new URL(`${base}${original.pathname}${original.search}`, this.target.origin);
    return super.request<TData>({ ...opts, uri: rewritten.href });
  }
}

export function createTwilioSmsProvider(options: TwilioSmsProviderOptions): SmsProvider {
  const timeout = options.timeoutMs ?? 10_000;
  let httpClient: InstanceType<typeof twilio.RequestClient>;
  if (options.apiUrl) {
    const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 16 });
    const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 16 });
    httpClient = new RedirectingRequestClient(options.apiUrl, { timeout, httpAgent, httpsAgent });
  } else {
    httpClient = new twilio.RequestClient({ timeout, keepAlive: true });
  }
  // No SDK-side retries: the notifications domain retries with its own backoff and bookkeeping.
  const client = twilio(options.accountSid, options.authToken, { httpClient, autoRetry: false });
  const sender = options.from.startsWith('MG') ? { messagingServiceSid: options.from } : { from: options.from };

  return {
    async send(sms: OutgoingSms): Promise<SentReceipt> {
      try {
        const message = await client.messages.create({ to: sms.to, body: sms.body, ...sender });
        return { providerMessageId: message.sid };
      } catch (error) {
        throw toTwilioProviderError(error);
      }
    },
    async close(): Promise<void> {
      // The keep-alive sockets of the client's agents.
      for (const agent of [httpClient.axios.defaults.httpAgent, httpClient.axios.defaults.httpsAgent] as Array<{ destroy?: () => void } | undefined>) {
        agent?.destroy?.();
      }
    },
  };
}

/**
 * Twilio error codes of a 4xx that are about our sender or account, not the message: retrying
 * after the settings are fixed (or the queue drained) succeeds, and bouncing would wrongly mark the
 * recipient undeliverable. 21212 invalid From, 21603 From missing, 21606 From not ours for this
 * destination, 21611 From's queue full, 21701 invalid Messaging Service, 20003 authentication.
 */
const SENDER_OR_ACCOUNT_CODES = new Set([21212, 21603, 21606, 21611, 21701, 20003]);

/**
 * A Twilio failure as a ProviderError. Permanent (the message is bounced): a 4xx answer about the
 * recipient or the message (invalid or unreachable number 21211/21614/21612/21408, unsubscribed
 * recipient 21610, missing or too long body 21602/21617, ...). Not permanent (retried): 429, 5xx,
 * network failures and timeouts, 401/403/404 and the sender/account codes above.
 */
export function toTwilioProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof twilio.RestException) {
    const status = error.status;
    const code = error.code ?? status;
    const clientError = status >= 400 && status < 500 && ![401, 403, 404, 408, 429].includes(status);
    const permanent = clientError && !(error.code !== undefined && SENDER_OR_ACCOUNT_CODES.has(error.code));
    return new ProviderError(`Twilio ${status}${error.code ? ` (${error.code})` : ''}: ${error.message}`, permanent, code);
  }
  const failure = (error ?? {}) as { message?: string; code?: string };
  // Axios/network: ECONNREFUSED, ECONNRESET, ETIMEDOUT, ECONNABORTED (timeout), EAI_AGAIN, ...
  return new ProviderError(`Twilio request failed: ${failure.message ?? String(error)}`, false, failure.code);
}
