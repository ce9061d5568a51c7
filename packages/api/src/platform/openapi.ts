import type { ServiceDocumentSpec } from '../openapi/generate.js';
import { DOMAINS } from './registry.js';

export const DOCUMENT_VERSION = '1.0.0';

/**
 * The published documents, one per registered domain, built from its real router: each module
 * gives a metadata-only router (`describeRouter`), so no database or service is touched — only
 * the routers' procedure definitions are read. Internal (service-to-service) procedures have no
 * REST route and are not documented.
 */
export async function loadServiceDocumentSpecs(): Promise<ServiceDocumentSpec[]> {
  return Promise.all(
    DOMAINS.map(async (manifest) => {
      const module = await manifest.load();
      if (module.openapi.file !== manifest.openapiFile) {
        throw new Error(`${manifest.name}: the manifest names ${manifest.openapiFile}, its openapi.ts ${module.openapi.file}`);
      }
      return { ...module.openapi, version: DOCUMENT_VERSION, router: module.describeRouter() };
    }),
  );
}
