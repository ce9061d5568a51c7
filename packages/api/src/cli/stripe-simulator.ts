#!/usr/bin/env node
/**
 * The local Stripe simulator, a development entry (not in the production image):
 *   node packages/api/dist/cli/stripe-simulator.js      (npm run stripe-simulator)
 * Listens on STRIPE_SIMULATOR_PORT, signs webhooks with STRIPE_WEBHOOK_SECRET and delivers them to
 * STRIPE_SIMULATOR_WEBHOOK_URL (default: the payments service's /webhooks/stripe). `npm start`
 * and the test platforms start it the same way.
 */
import { pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import { getEnvOrExit, simulatorWebhookUrl, type PlatformEnv } from '../platform/index.js';
import { onShutdownSignal } from '../runtime/http.js';
import { createLogger } from '../runtime/logger.js';

export interface RunningSimulator {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts the simulator with the platform's settings (loaded on demand: the production image has no simulator). */
export async function startSimulatorFromEnv(env: PlatformEnv, logger: Logger, webhookUrl: string = simulatorWebhookUrl(env)): Promise<RunningSimulator> {
  const { startStripeSimulator } = await import('../stripe-simulator/index.js');
  return startStripeSimulator({ port: env.STRIPE_SIMULATOR_PORT, host: env.HOST, webhookUrl, webhookSecret: env.STRIPE_WEBHOOK_SECRET, logger });
}

async function main(): Promise<void> {
  const env = getEnvOrExit();
  const logger = createLogger({ level: env.LOG_LEVEL, service: 'stripe-simulator' });
  const simulator = await startSimulatorFromEnv(env, logger);
  logger.info({ url: simulator.url }, 'Stripe simulator listening');
  onShutdownSignal(logger, () => simulator.stop());
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`stripe simulator failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
