// The first import of cli/start.ts (every service in one process): starts OpenTelemetry (only when
// OTEL_EXPORTER_OTLP_ENDPOINT is set) before the modules it instruments are evaluated.
import { startTelemetry } from '../runtime/telemetry.js';

// The OTEL_* variables are the OpenTelemetry SDK's own (read before the service's env.ts runs).
startTelemetry('omnicart', process.env);
