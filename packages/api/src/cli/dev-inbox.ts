#!/usr/bin/env node
/**
 * The local dev inbox (mail and SMS), a development entry (not in the production image):
 *   node packages/api/dist/cli/dev-inbox.js      (npm run dev-inbox)
 * SMTP on DEV_INBOX_SMTP_PORT (1025), the web inbox, its JSON API and the Twilio-shaped SMS API on
 * DEV_INBOX_HTTP_PORT (1080), both bound to HOST. `npm start` starts it the same way
 * (startDevInboxFromEnv).
 */
import { pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import { z } from 'zod';
import { coreConfig, defineConfig, orExit, parseEnv, port, positiveInt, processEnv } from '../runtime/env.js';
import { onShutdownSignal } from '../runtime/http.js';
import { createLogger } from '../runtime/logger.js';

/** What the dev inbox reads from the environment (HOST and LOG_LEVEL are the runtime's own). */
export const devInboxConfig = defineConfig(
  z.object({
    HOST: coreConfig.schema.shape.HOST,
    LOG_LEVEL: coreConfig.schema.shape.LOG_LEVEL,
    /** SMTP (no TLS, any or no AUTH). */
    DEV_INBOX_SMTP_PORT: port(1025),
    /** The web inbox (/ and /sms), its JSON API (/api/...) and the Twilio-shaped Messages API. */
    DEV_INBOX_HTTP_PORT: port(1080),
    /** Emails kept, and text messages kept; the oldest are dropped past it. */
    DEV_INBOX_MAX_MESSAGES: positiveInt(1000),
  }),
);
export type DevInboxEnv = z.output<typeof devInboxConfig.schema>;

export interface RunningDevInbox {
  url: string;
  smtpUrl: string;
  smtpPort: number;
  httpPort: number;
  setSmtpAccepting(accepting: boolean): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the dev inbox with these settings (loaded on demand: the production image has no dev inbox).
 * Any environment with HOST and the DEV_INBOX_* variables will do (the platform's, once it declares them).
 */
export async function startDevInboxFromEnv(
  env: Pick<DevInboxEnv, 'HOST' | 'DEV_INBOX_SMTP_PORT' | 'DEV_INBOX_HTTP_PORT'> & Partial<Pick<DevInboxEnv, 'DEV_INBOX_MAX_MESSAGES'>>,
  logger: Logger,
): Promise<RunningDevInbox> {
  const { startDevInbox } = await import('../dev-inbox/index.js');
  return startDevInbox({
    host: env.HOST,
    smtpPort: env.DEV_INBOX_SMTP_PORT,
    httpPort: env.DEV_INBOX_HTTP_PORT,
    ...(env.DEV_INBOX_MAX_MESSAGES === undefined ? {} : { maxMessages: env.DEV_INBOX_MAX_MESSAGES }),
    logger,
  });
}

async function main(): Promise<void> {
  const env = orExit(() => parseEnv(devInboxConfig, processEnv()));
  const logger = createLogger({ level: env.LOG_LEVEL, service: 'dev-inbox' });
  const inbox = await startDevInboxFromEnv(env, logger);
  onShutdownSignal(logger, () => inbox.stop());
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`dev inbox failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
