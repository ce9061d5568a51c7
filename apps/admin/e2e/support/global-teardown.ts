import { spawnSync } from 'node:child_process';
import { e2eDatabaseUrl } from './env';

/**
 * Drops the run's fresh database (see env.ts). Playwright runs global teardown before it stops the
 * webServer, so the platform still holds connections: WITH (FORCE) ends them (PostgreSQL 13+).
 * Uses psql (the CI machine's PostgreSQL client); without it the database is left and named.
 */
export default function globalTeardown(): void {
  const url = e2eDatabaseUrl();
  if (!url) return;
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^omnicart_e2e_\w+$/.test(name)) return;
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const result = spawnSync('psql', [maintenance.toString(), '-v', 'ON_ERROR_STOP=1', '-q', '-c', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`], {
    encoding: 'utf8',
  });
  if (result.status !== 0) console.warn(`could not drop the e2e database ${name}: ${result.error?.message ?? result.stderr.trim()}`);
}
