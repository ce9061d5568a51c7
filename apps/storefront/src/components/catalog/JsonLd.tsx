import { serializeJsonLd, type JsonLdObject } from './json-ld';

/** Structured data for search engines (schema.org JSON-LD), safely serialised. */
export function JsonLd({ data }: { data: JsonLdObject | JsonLdObject[] }) {
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(data) }} />;
}
