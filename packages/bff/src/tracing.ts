/**
 * How a service call carries the storefront's or admin's trace to the gateway. Tracing off (the
 * app's instrumentation.ts did not start it), nothing is installed: a call is a plain fetch and no
 * OpenTelemetry code is loaded. On, the app's tracing setup (telemetry.ts) installs a tracer here,
 * and every call runs in a CLIENT span whose W3C `traceparent` goes with it, flags 01 when the
 * request is sampled and 00 when it is not, so the gateway follows the app's decision.
 */
export interface GatewayCallTracer {
  /** Runs `call` in a client span `<method> <route>`, giving it the trace headers of that span. */
  traceCall(route: string, url: URL, method: string, call: (traceHeaders: Record<string, string>) => Promise<Response>): Promise<Response>;
}

// On globalThis, not in a module variable: Next.js compiles instrumentation.ts (which installs the
// tracer) and the routes that call the services as separate bundles, each with its own copy of this module.
const TRACER_KEY = Symbol.for('omnicart.bff.gatewayCallTracer');
type TracerHolder = { [TRACER_KEY]?: GatewayCallTracer | undefined };

export function installGatewayCallTracer(tracer: GatewayCallTracer | undefined): void {
  (globalThis as TracerHolder)[TRACER_KEY] = tracer;
}

export function gatewayCallTracer(): GatewayCallTracer | undefined {
  return (globalThis as TracerHolder)[TRACER_KEY];
}

/**
 * `fetch`, traced when tracing is on: `route` is the call's path without its variable parts
 * (`/trpc/orders`), its span is named `<method> <route>`.
 */
export function tracedFetch(route: string, input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const tracer = gatewayCallTracer();
  if (!tracer) return fetch(input, init);
  const url = new URL(input instanceof Request ? input.url : input);
  const method = (init.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  return tracer.traceCall(route, url, method, (traceHeaders) => {
    const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
    for (const [key, value] of Object.entries(traceHeaders)) headers.set(key, value);
    return fetch(input, { ...init, headers });
  });
}
