// @omnicart/bff/csp: the apps' Content-Security-Policy and its report reader. A separate entry point
// with no dependency (no next-auth, no next/headers), so each app's proxy (Next.js 16's middleware)
// bundles only this.
export * from './csp.js';
export * from './csp-report.js';
