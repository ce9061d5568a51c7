-- Change journal for storefront cache revalidation (catalog.changesSince): one row per product
-- insert/update (with the previous slug when it changed) and per in-stock flip of the
-- stock_levels read model, written by triggers in the writing transaction. `txid` is that
-- transaction's id: readers page by (txid, seq) and only up to the xmin of their snapshot, so a
-- transaction that commits late (holding a smaller seq) is never skipped.

-- CreateTable
CREATE TABLE "product_changes" (
    "seq" BIGSERIAL NOT NULL,
    "txid" xid8 NOT NULL DEFAULT pg_current_xact_id(),
    "product_id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "previous_slug" TEXT,
    "kind" TEXT NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "product_changes_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "product_changes_txid_seq_idx" ON "product_changes"("txid", "seq");

-- CreateIndex
CREATE INDEX "product_changes_changed_at_idx" ON "product_changes"("changed_at");

-- Product data: created, or any column changed (archive is a status change).
CREATE FUNCTION "record_product_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO catalog.product_changes (product_id, slug, previous_slug, kind)
  VALUES (NEW.id, NEW.slug,
          CASE WHEN TG_OP = 'UPDATE' AND OLD.slug IS DISTINCT FROM NEW.slug THEN OLD.slug END,
          CASE WHEN TG_OP = 'INSERT' THEN 'created'
               WHEN NEW.status = 'archived' AND OLD.status IS DISTINCT FROM NEW.status THEN 'archived'
               ELSE 'updated' END);
  RETURN NULL;
END $$;

CREATE TRIGGER "products_record_insert" AFTER INSERT ON "products"
  FOR EACH ROW EXECUTE FUNCTION "record_product_change"();
CREATE TRIGGER "products_record_update" AFTER UPDATE ON "products"
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION "record_product_change"();

-- Availability: only when a SKU goes in or out of stock (a mere quantity change writes nothing).
CREATE FUNCTION "record_stock_flip"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO catalog.product_changes (product_id, slug, kind)
  SELECT p.id, p.slug, 'stock' FROM catalog.products p WHERE p.sku = NEW.sku;
  RETURN NULL;
END $$;

CREATE TRIGGER "stock_levels_record_insert" AFTER INSERT ON "stock_levels"
  FOR EACH ROW WHEN (NEW.available > 0) EXECUTE FUNCTION "record_stock_flip"();
CREATE TRIGGER "stock_levels_record_update" AFTER UPDATE ON "stock_levels"
  FOR EACH ROW WHEN ((OLD.available > 0) IS DISTINCT FROM (NEW.available > 0)) EXECUTE FUNCTION "record_stock_flip"();
