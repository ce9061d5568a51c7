-- Availability read model: units available per SKU as last announced by inventory
-- (inventory.stock_changed events). Catalog never reads inventory's tables; a row is only
-- replaced by a newer version, so redelivered or reordered events are harmless.

CREATE TABLE "stock_levels" (
    "sku" TEXT NOT NULL,
    "available" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "stock_levels_pkey" PRIMARY KEY ("sku")
);
-- in-stock filter: an index-only probe for (sku, available > 0).
CREATE INDEX "stock_levels_sku_available_idx" ON "stock_levels"("sku", "available");
