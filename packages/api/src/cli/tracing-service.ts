// The first import of cli/service.ts: starts OpenTelemetry (only when OTEL_EXPORTER_OTLP_ENDPOINT
// is set) before the modules it instruments are evaluated, named after the service this process runs.
import { startTelemetry } from '../runtime/telemetry.js';

// The OTEL_* variables are the OpenTelemetry SDK's own (read before the service's env.ts runs).
// The gateway runs without an async context (see TelemetryOptions.asyncContext).
const service = process.argv[2] ?? 'omnicart';
startTelemetry(service, process.env, { asyncContext: service !== 'gateway' });
