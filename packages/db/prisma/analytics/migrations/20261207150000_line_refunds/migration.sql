-- Refunds per product and category: each refund's merchandise share spread over the order's lines
-- (line_refund_facts, so rebuildRollups can recompute), kept on the refund's store day in the
-- product and category rollups; the reports' revenue is gross line totals minus these refunds.

ALTER TABLE "daily_product" ADD COLUMN "refunds" BIGINT NOT NULL DEFAULT 0;

ALTER TABLE "daily_category" ADD COLUMN "refunds" BIGINT NOT NULL DEFAULT 0;

CREATE TABLE "line_refund_facts" (
    "event_id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "line_no" INTEGER NOT NULL,
    "product_id" UUID NOT NULL,
    "category_id" UUID,
    "amount" INTEGER NOT NULL,
    "store_day" DATE NOT NULL,
    CONSTRAINT "line_refund_facts_pkey" PRIMARY KEY ("event_id", "line_no")
);

CREATE INDEX "line_refund_facts_store_day_idx" ON "line_refund_facts"("store_day");
