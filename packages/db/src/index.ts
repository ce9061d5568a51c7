// @omnicart/db: connection pools, the migration runner and embedded PostgreSQL.
// Each domain's generated Prisma client is its own entry point, `@omnicart/db/<domain>` (the
// `prisma/<domain>/schema.prisma` generator writes it; a new domain needs no change here), used
// with `prismaAdapter(pool, '<domain>')` from `@omnicart/db/prisma` (an entry point of its own, so a
// process that hosts no domain, such as the gateway, never loads Prisma). Test helpers:
// `@omnicart/db/testing`; demo data: `@omnicart/db/seed`.
export {
  createPool,
  ensureDatabase,
  dropDatabase,
  databaseNameOf,
  withDatabase,
  withPrismaSchema,
  withSchemaSearchPath,
  quoteIdent,
  type CreatePoolOptions,
} from './database.js';
export {
  REQUIRED_EXTENSIONS,
  MigrationError,
  migrateDomain,
  migrateAll,
  listDomainsWithMigrations,
  readMigrations,
  type MigrateOptions,
  type MigrateResult,
  type MigrationFile,
} from './migrate.js';
export {
  startEmbeddedPostgres,
  DEFAULT_EMBEDDED_DATA_DIR,
  DEFAULT_EMBEDDED_PORT,
  type EmbeddedPostgres,
  type EmbeddedPostgresOptions,
} from './embedded.js';
export { PRISMA_ROOT } from './paths.js';
