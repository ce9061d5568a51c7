// The only place in @omnicart/db that reads the process environment (lint rule).
import process from 'node:process';

/** Server used by test helpers when DATABASE_URL is unset: the machine's PostgreSQL. */
export const DEFAULT_TEST_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrlFromEnv(): string | undefined {
  const value = process.env.DATABASE_URL?.trim();
  return value ? value : undefined;
}

/** Environment for the PostgreSQL binaries: inherited, with messages forced to the C locale. */
export function postgresChildEnv(): NodeJS.ProcessEnv {
  return { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' };
}
