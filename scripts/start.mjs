#!/usr/bin/env node
// `npm start` (after `npm run build`): the whole platform as a shopper uses it.
//   1. the API platform: every service, the gateway (:4000) and the Stripe simulator, on the
//      embedded PostgreSQL unless DATABASE_URL is set (packages/api/dist/cli/start.js);
//   2. the storefront: the production Next.js server (`next start`) on :3000;
//   3. the admin (merchant's dashboard): `next start` on :3001.
// All get SIGINT/SIGTERM; when one exits, the others are stopped and this script exits with
// the first exit code. SERVICES (see the README) still picks API services; STOREFRONT=0 skips the
// storefront, ADMIN=0 the admin. REPLICAS=2 (or `--replicas=2`; `npm run start:replicas`) runs every
// domain service and the gateway twice behind round-robin balancers on the same public ports
// (packages/api/dist/cli/replicas.js).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const storefrontDir = join(root, 'apps', 'storefront');
const adminDir = join(root, 'apps', 'admin');

/**
 * next-auth encrypts sessions with NEXTAUTH_SECRET. Local runs get a random one per app, kept in
 * .omnicart/ so sessions survive restarts; deployments set their own (k8s secret). The admin's is
 * its own (ADMIN_NEXTAUTH_SECRET here): a storefront session cookie never opens the admin.
 */
function authSecret(fileName, fromEnv) {
  if (fromEnv) return fromEnv;
  const file = join(root, '.omnicart', fileName);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

const children = new Map();
let exitCode;

function startChild(name, command, args, options) {
  const child = spawn(command, args, { stdio: 'inherit', ...options });
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (exitCode === undefined) {
      exitCode = code ?? (signal ? 1 : 0);
      if (code !== 0) console.error(`${name} exited (${signal ?? code}); stopping the rest`);
      stopAll('SIGTERM');
    }
    if (children.size === 0) process.exit(exitCode ?? 0);
  });
  child.on('error', (error) => {
    console.error(`could not start ${name}: ${error.message}`);
    exitCode ??= 1;
    stopAll('SIGTERM');
  });
  return child;
}

function stopAll(signal) {
  for (const child of children.values()) child.kill(signal);
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    exitCode ??= 0;
    stopAll(signal);
  });
}

const replicasArgument = process.argv.slice(2).find((arg) => arg.startsWith('--replicas='));
const replicas = replicasArgument ? replicasArgument.slice('--replicas='.length) : (process.env.REPLICAS ?? '1');
if (replicas !== '1' && replicas !== '2') {
  console.error(`REPLICAS must be 1 or 2 (got ${replicas})`);
  process.exit(2);
}
const apiScript = replicas === '2' ? 'replicas.js' : 'start.js';
startChild('api', process.execPath, [join(root, 'packages', 'api', 'dist', 'cli', apiScript)], { cwd: root, env: process.env });

if (process.env.STOREFRONT !== '0') {
  const host = process.env.STOREFRONT_HOST ?? process.env.HOST ?? '127.0.0.1';
  const port = process.env.STOREFRONT_PORT ?? '3000';
  const publicUrl = process.env.STOREFRONT_URL ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  const gatewayUrl = process.env.GATEWAY_URL ?? `http://127.0.0.1:${process.env.GATEWAY_PORT ?? '4000'}`;
  startChild('storefront', process.execPath, [join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '--port', port, '--hostname', host], {
    cwd: storefrontDir,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      GATEWAY_URL: gatewayUrl,
      STOREFRONT_URL: publicUrl,
      NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? publicUrl,
      NEXTAUTH_SECRET: authSecret('storefront-auth-secret', process.env.NEXTAUTH_SECRET),
      // The API's SERVICE_TOKEN (its development default unless set): with it the gateway trusts the
      // storefront as a proxy and counts each shopper's address, not 127.0.0.1 for everyone.
      SERVICE_TOKEN: process.env.SERVICE_TOKEN || 'omnicart-dev-service-token',
    },
  });
  console.log(`\n  Storefront         ${publicUrl}   (Next.js; talks to the gateway at ${gatewayUrl})\n`);
}

if (process.env.ADMIN !== '0') {
  const host = process.env.ADMIN_HOST ?? process.env.HOST ?? '127.0.0.1';
  const port = process.env.ADMIN_PORT ?? '3001';
  const publicUrl = process.env.ADMIN_URL ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  const gatewayUrl = process.env.GATEWAY_URL ?? `http://127.0.0.1:${process.env.GATEWAY_PORT ?? '4000'}`;
  startChild('admin', process.execPath, [join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '--port', port, '--hostname', host], {
    cwd: adminDir,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      GATEWAY_URL: gatewayUrl,
      ADMIN_URL: publicUrl,
      NEXTAUTH_URL: publicUrl,
      NEXTAUTH_SECRET: authSecret('admin-auth-secret', process.env.ADMIN_NEXTAUTH_SECRET),
      SERVICE_TOKEN: process.env.SERVICE_TOKEN || 'omnicart-dev-service-token',
    },
  });
  const ownerPassword = process.env.OMNICART_ADMIN_PASSWORD || 'omnicart-admin';
  console.log(`  Admin: ${publicUrl} — sign in as admin@omnicart.test / ${ownerPassword}\n`);
}
