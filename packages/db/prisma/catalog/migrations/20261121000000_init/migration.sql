-- Catalog: categories (two-level tree), products with a weighted full-text vector, and the
-- word list typo correction picks from. pg_trgm lives in schema "public" (created by the
-- migration runner), so its operator classes are schema-qualified here.

-- CreateEnum
CREATE TYPE "product_status" AS ENUM ('draft', 'active', 'archived');

-- CreateTable
CREATE TABLE "categories" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "parent_id" UUID,
    "position" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "categories_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "products" (
    "id" UUID NOT NULL,
    "sku" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "price_amount" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "status" "product_status" NOT NULL DEFAULT 'draft',
    "category_id" UUID NOT NULL,
    "brand" TEXT,
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "images" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- Name outranks brand outranks description (ts_rank_cd weights A > B > C).
    "search_vector" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, "name"), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce("brand", '')), 'B') ||
        setweight(to_tsvector('english'::regconfig, "description"), 'C')
    ) STORED,

    CONSTRAINT "products_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "products_price_amount_positive" CHECK ("price_amount" > 0)
);

-- CreateTable
CREATE TABLE "search_terms" (
    "word" TEXT NOT NULL,
    "lexeme" TEXT NOT NULL,
    "documents" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "search_terms_pkey" PRIMARY KEY ("word")
);

-- CreateIndex
CREATE UNIQUE INDEX "categories_slug_key" ON "categories"("slug");

-- CreateIndex
CREATE INDEX "categories_parent_id_position_idx" ON "categories"("parent_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "products_sku_key" ON "products"("sku");

-- CreateIndex
CREATE UNIQUE INDEX "products_slug_key" ON "products"("slug");

-- CreateIndex
CREATE INDEX "products_search_vector_idx" ON "products" USING GIN ("search_vector");

-- CreateIndex
CREATE INDEX "products_name_trgm_idx" ON "products" USING GIN ("name" public.gin_trgm_ops);

-- CreateIndex
CREATE INDEX "products_attributes_idx" ON "products" USING GIN ("attributes" jsonb_path_ops);

-- CreateIndex
CREATE INDEX "products_status_price_idx" ON "products"("status", "price_amount", "id");

-- CreateIndex
CREATE INDEX "products_status_created_idx" ON "products"("status", "created_at", "id");

-- CreateIndex
CREATE INDEX "products_status_name_idx" ON "products"("status", "name", "id");

-- CreateIndex
CREATE INDEX "products_category_id_idx" ON "products"("category_id");

-- CreateIndex
CREATE INDEX "search_terms_word_trgm_idx" ON "search_terms" USING GIN ("word" public.gin_trgm_ops);

-- CreateIndex
CREATE INDEX "search_terms_lexeme_idx" ON "search_terms"("lexeme");

-- AddForeignKey
ALTER TABLE "categories" ADD CONSTRAINT "categories_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "categories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "products" ADD CONSTRAINT "products_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "categories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Rebuilds the typo-correction dictionary from active products: every alphabetic word (simple
-- config, so surface forms like "headphones") with its English stem and document count.
-- Runs under the search_path it was created with (the catalog schema); an advisory lock
-- serialises concurrent rebuilds.
CREATE FUNCTION "refresh_search_terms"() RETURNS void
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('omnicart.catalog.search_terms'));
    DELETE FROM "search_terms";
    INSERT INTO "search_terms" ("word", "lexeme", "documents")
    SELECT s.word, coalesce((ts_lexize('english_stem', s.word))[1], s.word), s.ndoc
    FROM ts_stat($q$
        SELECT to_tsvector('simple'::regconfig, "name" || ' ' || coalesce("brand", '') || ' ' || "description")
        FROM "products" WHERE "status" = 'active'
    $q$) AS s
    WHERE s.word ~ '^[a-z]{3,}$';
END;
$$;
