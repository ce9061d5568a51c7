// @omnicart/db: connection pools, the migration runner and embedded PostgreSQL.
// Domain clients live behind their own entry points (`@omnicart/db/identity`, `@omnicart/db/catalog`),
// test helpers behind `@omnicart/db/testing`.
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
  DOMAINS,
  REQUIRED_EXTENSIONS,
  MigrationError,
  migrateDomain,
  migrateAll,
  listDomainsWithMigrations,
  readMigrations,
  type DomainName,
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
