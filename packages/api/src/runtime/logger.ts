import { pino, type Logger, type LoggerOptions } from 'pino';
import { logTraceIds } from './trace.js';

export type { Logger } from 'pino';

/**
 * Structured JSON logs on stdout. One root logger per process; startService gives each hosted
 * domain a child with `service: <name>` (so a root logger handed to it should not set `service`),
 * and request-scoped children carry the request id. Lines written inside a unit of work carry its
 * `trace_id` and `span_id` (the active OpenTelemetry span's when tracing is on, see trace.ts). Authorization headers and secrets are redacted wherever they appear.
 */
export function createLogger(options: { service?: string; level?: string } & Pick<LoggerOptions, 'base'> = {}): Logger {
  return pino({
    level: options.level ?? 'info',
    base: { ...(options.service ? { service: options.service } : {}), pid: process.pid, ...options.base },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: logTraceIds,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', '*.password', '*.refreshToken', '*.accessToken'],
      censor: '[redacted]',
    },
  });
}

/** The logger for one request: every line carries its request id. */
export function requestLogger(logger: Logger, requestId: string, extra?: Record<string, unknown>): Logger {
  return logger.child({ requestId, ...extra });
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = pino({ level: 'silent' });
