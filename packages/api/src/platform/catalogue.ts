import { z } from 'zod';
import { contractKey, type EventContract } from '@omnicart/contracts';
import { DOMAINS } from './registry.js';

/**
 * The event catalogue (data/architecture/events.md), generated from the declared contracts and
 * the manifests: every event with its version, producer, consumers and payload fields. Drift-
 * checked in CI like the OpenAPI documents (`npm run events:catalogue -- --check`).
 */

export const CATALOGUE_FILE = 'data/architecture/events.md';

interface Field {
  name: string;
  type: string;
  required: boolean;
  description: string;
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  format?: string;
  description?: string;
  minLength?: number;
  maxLength?: number;
};

function typeOf(schema: JsonSchema): string {
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' \\| ');
  if (schema.enum) return schema.enum.map((value) => `\`${JSON.stringify(value)}\``).join(' \\| ');
  if (schema.type === 'array') {
    const item = schema.items ? typeOf(schema.items) : 'unknown';
    return item.includes(' \\| ') && !item.startsWith('{') ? `(${item})[]` : `${item}[]`;
  }
  if (schema.type === 'object' && schema.properties) {
    return `{ ${Object.entries(schema.properties)
      .map(([name, property]) => `${name}${schema.required?.includes(name) ? '' : '?'}: ${typeOf(property)}`)
      .join(', ')} }`;
  }
  const base = Array.isArray(schema.type) ? schema.type.join(' \\| ') : (schema.type ?? 'unknown');
  return schema.format ? `${base} (${schema.format})` : base;
}

function fieldsOf(contract: EventContract): Field[] {
  const json = z.toJSONSchema(contract.schema, { io: 'output', unrepresentable: 'any' }) as JsonSchema;
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    type: typeOf(property),
    required: json.required?.includes(name) ?? false,
    description: property.description ?? '',
  }));
}

export function renderCatalogue(): string {
  const consumersOf = (contract: EventContract) =>
    DOMAINS.flatMap((domain) =>
      (domain.consumers ?? []).filter((consumer) => consumer.events.some((event) => contractKey(event) === contractKey(contract))).map((consumer) => `\`${consumer.name}\``),
    );
  const lines = [
    '# Event catalogue',
    '',
    '<!-- Generated from the event contracts (each domain\'s events.ts) and the manifests by `npm run events:catalogue`; do not edit by hand. -->',
    '',
    'Every event travels in the same envelope: `id`, `type`, `version`, `source`, `occurredAt`, `aggregateId`,',
    '`actor` (`{type: "user" | "service", id}` or null), `traceparent`/`tracestate` (W3C trace context captured when the',
    'outbox row was written) and `data`, the payload below. Consumers validate the payload against the contract of its',
    '`type@version`; an event that fails is dead-lettered with the reason. How to add or change an event:',
    '[README.md](README.md#events).',
    '',
    '| event | version | producer | consumers | aggregate | when |',
    '|---|---|---|---|---|---|',
  ];
  for (const domain of DOMAINS) {
    for (const contract of domain.publishes) {
      const consumers = consumersOf(contract);
      lines.push(
        `| [\`${contract.type}\`](#${contract.type.replace(/\./g, '')}-v${contract.version}) | ${contract.version} | ${domain.name} | ${consumers.length ? consumers.join(', ') : '—'} | \`${contract.aggregate}\` | ${contract.description} |`,
      );
    }
  }
  for (const domain of DOMAINS) {
    for (const contract of domain.publishes) {
      lines.push('', `## ${contract.type} v${contract.version}`, '', contract.description, '', `Producer: ${domain.name} (\`packages/api/src/${domain.name}/events.ts\`).`);
      const consumers = consumersOf(contract);
      lines.push(`Consumers: ${consumers.length ? consumers.join(', ') : 'none yet'}.`, '', '| field | type | required |', '|---|---|---|');
      for (const field of fieldsOf(contract)) lines.push(`| \`${field.name}\` | ${field.type} | ${field.required ? 'yes' : 'no'} |`);
    }
  }
  const consumed = DOMAINS.flatMap((domain) => (domain.consumers ?? []).map((consumer) => ({ domain: domain.name, consumer })));
  lines.push('', '## Consumers', '', '| consumer | domain | events | what it does |', '|---|---|---|---|');
  for (const { domain, consumer } of consumed) {
    lines.push(`| \`${consumer.name}\` | ${domain} | ${consumer.events.map((event) => `\`${contractKey(event)}\``).join(', ')} | ${consumer.summary} |`);
  }
  return `${lines.join('\n')}\n`;
}
