export {
  seedCatalog,
  generateCatalog,
  productImagePath,
  createPrng,
  slugify,
  DEFAULT_SEED_PRODUCTS,
  type CatalogSeedOptions,
  type GeneratedCatalog,
  type SeedCategory,
  type SeedProduct,
  type SeedProductStatus,
} from './catalog.js';
export { COLOURS as CATALOG_COLOURS } from './catalog-data.js';
export { seedInventory, demoStockFor, type InventorySeedOptions } from './inventory.js';
export { demoHistory, DEMO_HISTORY_DAYS, generateSyntheticHistory, type SyntheticHistory, type SyntheticOptions, type SyntheticOrder, type SyntheticSession } from './history.js';
