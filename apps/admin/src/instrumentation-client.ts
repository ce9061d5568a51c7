import { z } from 'zod';

/**
 * Runs in the browser before the app's own code (Next.js `instrumentation-client`). zod 4 probes
 * whether `new Function` is allowed the first time it builds an object schema; under our
 * Content-Security-Policy (no 'unsafe-eval', see @omnicart/bff/csp) that probe is refused and the
 * browser reports a violation although zod catches the error. Jitless mode skips the probe (and
 * the eval-compiled parsers, which the policy forbids anyway). The server keeps the default.
 */
z.config({ jitless: true });
