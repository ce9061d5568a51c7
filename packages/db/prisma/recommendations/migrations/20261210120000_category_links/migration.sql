-- For-you's taste model: category-to-category links P(related | category) over the customers' purchases
-- (each category's popular products are lists with shelf 'popular', keyed by the category id).

-- CreateTable
CREATE TABLE "category_links" (
    "category_id" UUID NOT NULL,
    "related_id" UUID NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "together" INTEGER NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "category_links_pkey" PRIMARY KEY ("category_id","related_id")
);
