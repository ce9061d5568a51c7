/**
 * The apps' Content-Security-Policy (storefront and admin; each sets it per request in its src/proxy.ts). Scripts run only
 * with this response's nonce: Next.js reads it from the policy on the request and puts it on its
 * own scripts (framework chunks, the inline flight data), and 'strict-dynamic' lets those load the
 * chunks they import; no 'unsafe-inline' scripts. Pure, no dependency: imported as @omnicart/bff/csp.
 */
export interface CspOptions {
  /** Fresh for every response (createNonce). */
  nonce: string;
  /** `next dev` needs eval (React's debug info) and its HMR websocket. */
  development?: boolean;
  /** https origins images may come from (the catalog's CATALOG_IMAGE_HOSTS); our own are same-origin. */
  imageHosts?: readonly string[];
  /** Served over https: ask browsers to upgrade http subresources. */
  https?: boolean;
  /** Where browsers POST violation reports (the app's src/app/api/csp-report). */
  reportPath?: string;
}

/** The name of the Reporting API endpoint (`Reporting-Endpoints: csp-endpoint="…"`). */
export const CSP_REPORT_GROUP = 'csp-endpoint';
export const CSP_REPORT_PATH = '/api/csp-report';

/** 128 random bits, base64 (the characters Next.js accepts in a nonce source). */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** An allow-list entry (`cdn.example.com`, `*.example.com`) as a CSP host source; anything else is dropped. */
function hostSource(host: string): string | null {
  const value = host.trim().toLowerCase();
  return /^(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+$/.test(value) ? `https://${value}` : null;
}

export function contentSecurityPolicy(options: CspOptions): string {
  const nonce = `'nonce-${options.nonce}'`;
  const images = (options.imageHosts ?? []).map(hostSource).filter((source): source is string => source !== null);
  const reportPath = options.reportPath ?? CSP_REPORT_PATH;
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", nonce, "'strict-dynamic'", ...(options.development ? ["'unsafe-eval'"] : [])],
    ['style-src', "'self'", nonce],
    // React renders `style` props as attributes (aspect ratios, skeleton sizes): styles, not scripts.
    ['style-src-attr', "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:', ...images],
    ['font-src', "'self'"],
    ['connect-src', "'self'", ...(options.development ? ['ws:'] : [])],
    ['manifest-src', "'self'"],
    ['worker-src', "'self'", 'blob:'],
    ['frame-src', "'none'"],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
    ['report-uri', reportPath],
    ['report-to', CSP_REPORT_GROUP],
  ];
  if (options.https) directives.push(['upgrade-insecure-requests']);
  return directives.map((directive) => directive.join(' ')).join('; ');
}

/** The `Reporting-Endpoints` header naming CSP_REPORT_GROUP (browsers that use report-to). */
export function reportingEndpoints(reportPath: string = CSP_REPORT_PATH): string {
  return `${CSP_REPORT_GROUP}="${reportPath}"`;
}
