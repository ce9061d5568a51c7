import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny OTLP/HTTP trace receiver for tests: accepts `POST /v1/traces` in the JSON encoding (what
 * @opentelemetry/exporter-trace-otlp-http sends) and keeps every span in memory, flattened with
 * the service that sent it. `discard: true` only counts the spans and keeps nothing (the tracing-cost
 * benchmark: a receiver that costs the platform what a collector's intake would, without the memory).
 */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** Error status (code 2). */
  failed: boolean;
  attributes: Record<string, string | number | boolean>;
  links: { traceId: string; spanId: string }[];
}

export interface OtlpReceiver {
  /** The endpoint to give as OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends /v1/traces). */
  url: string;
  spans: ReceivedSpan[];
  /** Export requests received (kept or discarded). */
  requests: number;
  /** Spans received (kept or discarded). */
  spanCount: number;
  close(): Promise<void>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpAttribute {
  key: string;
  value?: OtlpValue;
}
interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  kind?: number;
  status?: { code?: number };
  attributes?: OtlpAttribute[];
  links?: { traceId?: string; spanId?: string }[];
}
interface OtlpExport {
  resourceSpans?: { resource?: { attributes?: OtlpAttribute[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

/** Ids arrive as hex in the JS exporter's JSON; base64 (the protobuf JSON mapping) is accepted too. */
function hexId(id: string | undefined): string {
  if (!id) return '';
  return /^[0-9a-f]+$/i.test(id) && (id.length === 32 || id.length === 16) ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex');
}

function valueOf(value: OtlpValue | undefined): string | number | boolean {
  if (!value) return '';
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  return '';
}

const attributesOf = (attributes: OtlpAttribute[] | undefined) => Object.fromEntries((attributes ?? []).map((a) => [a.key, valueOf(a.value)]));

export function parseOtlpExport(body: OtlpExport): ReceivedSpan[] {
  return (body.resourceSpans ?? []).flatMap((resourceSpans) => {
    const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name'] ?? '');
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({
        service,
        traceId: hexId(span.traceId),
        spanId: hexId(span.spanId),
        parentSpanId: hexId(span.parentSpanId),
        name: span.name ?? '',
        kind: span.kind ?? 0,
        failed: span.status?.code === 2,
        attributes: attributesOf(span.attributes),
        links: (span.links ?? []).map((link) => ({ traceId: hexId(link.traceId), spanId: hexId(link.spanId) })),
      })),
    );
  });
}

/** Spans in one export request, without flattening them. */
export function countOtlpSpans(body: OtlpExport): number {
  let count = 0;
  for (const resourceSpans of body.resourceSpans ?? []) for (const scope of resourceSpans.scopeSpans ?? []) count += scope.spans?.length ?? 0;
  return count;
}

const SPAN_START = Buffer.from('"startTimeUnixNano"');

/** Spans in an OTLP/HTTP JSON export, counted on the raw bytes: every span has one start time (events and links none). */
export function countRawOtlpSpans(raw: Buffer): number {
  if (raw[0] !== 0x7b) throw new Error('expected OTLP JSON');
  let count = 0;
  for (let at = raw.indexOf(SPAN_START); at !== -1; at = raw.indexOf(SPAN_START, at + SPAN_START.length)) count++;
  return count;
}

export async function startOtlpReceiver(options: { discard?: boolean } = {}): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const state = { requests: 0, spanCount: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      state.requests++;
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      try {
        const raw = Buffer.concat(chunks);
        if (options.discard) {
          // The benchmark's receiver shares this machine's two cores with the platform it measures
          // (a collector runs elsewhere): it counts spans without parsing the export.
          state.spanCount += countRawOtlpSpans(raw);
        } else {
          const body = JSON.parse(raw.toString('utf8')) as OtlpExport;
          state.spanCount += countOtlpSpans(body);
          spans.push(...parseOtlpExport(body));
        }
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"message":"expected OTLP JSON"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    get requests() {
      return state.requests;
    },
    get spanCount() {
      return state.spanCount;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
