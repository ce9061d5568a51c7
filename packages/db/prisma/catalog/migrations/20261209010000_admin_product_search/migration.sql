-- The admin product table (catalog.search): every status, sorted by last change by default, and a
-- search on part of the SKU or brand beside the name (whose trigram index exists already).

-- CreateIndex
CREATE INDEX "products_updated_at_id_idx" ON "products"("updated_at", "id");

-- CreateIndex
CREATE INDEX "products_sku_trgm_idx" ON "products" USING GIN ("sku" public.gin_trgm_ops);

-- CreateIndex
CREATE INDEX "products_brand_trgm_idx" ON "products" USING GIN ("brand" public.gin_trgm_ops);
