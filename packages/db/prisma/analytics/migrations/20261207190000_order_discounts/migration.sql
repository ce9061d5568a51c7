-- Promotions: what discounts took off paid orders, per promotion and code (orders.order_paid's discounts).
ALTER TABLE "order_facts" ADD COLUMN "discount" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "order_discount_facts" (
    "order_id" UUID NOT NULL,
    "promotion_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "code" TEXT,
    "name" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "store_day" DATE NOT NULL,

    CONSTRAINT "order_discount_facts_pkey" PRIMARY KEY ("order_id","promotion_id")
);

-- CreateIndex
CREATE INDEX "order_discount_facts_store_day_idx" ON "order_discount_facts"("store_day");
