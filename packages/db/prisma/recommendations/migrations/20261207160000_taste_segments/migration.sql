-- For-you's taste model: the taste segments (a mixture of multinomials over leaf categories fitted to
-- the customers' purchases by the full rebuild). Each category's popular products are lists with shelf
-- 'popular', keyed by the category id. Categories keep their name, for the reasons ("Popular in Coffee & Tea").

-- AlterTable
ALTER TABLE "categories" ADD COLUMN "name" TEXT;

-- CreateTable
CREATE TABLE "taste_segments" (
    "segment" INTEGER NOT NULL,
    "category_id" UUID NOT NULL,
    "share" DOUBLE PRECISION NOT NULL,
    "weight" DOUBLE PRECISION NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "taste_segments_pkey" PRIMARY KEY ("segment","category_id")
);
