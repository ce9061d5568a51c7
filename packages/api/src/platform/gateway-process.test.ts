import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DOMAIN_NAMES } from './registry.js';

/**
 * The gateway process (`service.js gateway`, one Deployment in production) loads no domain code:
 * only the manifests (each domain's index.ts, config.ts and events.ts), never a module, service,
 * repository or router, nor Prisma or the Stripe SDK. A module-resolution hook records every file
 * the process loads until the gateway listens. Needs the built package (npm test builds first).
 */

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'omnicart-gateway-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function filesLoadedByGateway(): Promise<string[]> {
  const log = join(work, 'loaded.txt');
  const hooks = join(work, 'hooks.mjs');
  const register = join(work, 'register.mjs');
  writeFileSync(log, '');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (resolved.url.startsWith('file:')) appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');
  return resolved;
}`,
  );
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const child = spawn(process.execPath, ['--import', pathToFileURL(register).href, join(DIST, 'cli', 'service.js'), 'gateway'], {
    env: { ...process.env, GATEWAY_PORT: '0', LOG_LEVEL: 'info', HOST: '127.0.0.1', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the gateway did not start:\n${output}`)), 20_000);
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('gateway listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.on('exit', (code) => reject(new Error(`the gateway exited (${code}):\n${output}`)));
  });
  child.kill('SIGKILL');
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

describe('the gateway process', () => {
  it('loads only the manifests of the domains: no module, service, repository, router, Prisma or Stripe code', async () => {
    const loaded = await filesLoadedByGateway();
    const domain = new RegExp(`/dist/(${DOMAIN_NAMES.join('|')})/(.+)\\.js$`);
    const domainCode = loaded.filter((url) => {
      const match = domain.exec(url);
      return match && !['index', 'config', 'events'].includes(match[2]!);
    });
    const heavy = loaded.filter((url) => /\/node_modules\/(@prisma|stripe|\.prisma)\/|\/dist\/generated\//.test(url));
    expect(domainCode).toEqual([]);
    expect(heavy).toEqual([]);
    // It did read the manifests (that is how it knows where to route).
    for (const name of DOMAIN_NAMES) expect(loaded.some((url) => url.endsWith(`/dist/${name}/index.js`))).toBe(true);
  });
});
