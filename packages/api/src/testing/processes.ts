import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Helpers to run services as real child processes (the split topology): the built
 * `dist/cli/service.js <name>`, its output captured for failure messages.
 */

export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SERVICE_SCRIPT = join(PACKAGE_ROOT, 'dist', 'cli', 'service.js');

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /**
   * Polls `${url}${path}` (default /readyz) until 200 — or any HTTP answer with `anyResponse`
   * (a server without a readiness route); throws (with the output) on early exit or timeout.
   */
  waitReady(url: string, timeoutMs?: number, options?: { path?: string; anyResponse?: boolean }): Promise<void>;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A port that was free a moment ago (for processes that need to know each other's ports). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Spawns `node dist/cli/service.js <name> [...args]` with exactly `env` (pass
 * `{ ...process.env, ...overrides }` from the test to inherit).
 */
export function startServiceProcess(name: string, env: NodeJS.ProcessEnv, args: string[] = []): ServiceProcess {
  if (!existsSync(SERVICE_SCRIPT)) {
    throw new Error(`${SERVICE_SCRIPT} is missing: build first (npm run build -w @omnicart/api; npm test builds it).`);
  }
  const child = spawn(process.execPath, [SERVICE_SCRIPT, name, ...args], {
    cwd: PACKAGE_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const output = () => chunks.join('');
  return {
    name,
    child,
    output,
    exited,
    async waitReady(url, timeoutMs = 60_000, options = {}) {
      const deadline = Date.now() + timeoutMs;
      const path = options.path ?? '/readyz';
      while (Date.now() < deadline) {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`${name} exited early (${child.exitCode ?? child.signalCode}):\n${output()}`);
        }
        try {
          const response = await fetch(`${url}${path}`);
          await response.arrayBuffer().catch(() => undefined);
          if (response.ok || (options.anyResponse && response.status < 500)) return;
        } catch {
          // not listening yet
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`${name} not ready at ${url} after ${timeoutMs} ms:\n${output()}`);
    },
    stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
