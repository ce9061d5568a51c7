-- Promotions: promotions, their codes, per-customer usage, redemptions and the transactional outbox.

-- CreateTable
CREATE TABLE "promotions" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "discount_type" TEXT NOT NULL,
    "value" INTEGER NOT NULL,
    "scope" TEXT NOT NULL DEFAULT 'order',
    "category_ids" UUID[] DEFAULT ARRAY[]::UUID[],
    "product_ids" UUID[] DEFAULT ARRAY[]::UUID[],
    "min_subtotal" INTEGER NOT NULL DEFAULT 0,
    "starts_at" TIMESTAMPTZ(3),
    "ends_at" TIMESTAMPTZ(3),
    "usage_limit" INTEGER,
    "per_customer_limit" INTEGER,
    "used" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "promotions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "codes" (
    "id" UUID NOT NULL,
    "promotion_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "batch_id" UUID,
    "usage_limit" INTEGER,
    "used" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_usage" (
    "promotion_id" UUID NOT NULL,
    "customer_key" TEXT NOT NULL,
    "used" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "customer_usage_pkey" PRIMARY KEY ("promotion_id","customer_key")
);

-- CreateTable
CREATE TABLE "redemptions" (
    "order_id" UUID NOT NULL,
    "customer_key" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'reserved',
    "discount" INTEGER NOT NULL,
    "order_total" INTEGER,
    "evaluation" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "redemptions_pkey" PRIMARY KEY ("order_id")
);

-- CreateTable
CREATE TABLE "redemption_lines" (
    "order_id" UUID NOT NULL,
    "promotion_id" UUID NOT NULL,
    "code_id" UUID,
    "amount" INTEGER NOT NULL,

    CONSTRAINT "redemption_lines_pkey" PRIMARY KEY ("order_id","promotion_id")
);

-- CreateTable
CREATE TABLE "outbox_events" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "aggregate_id" TEXT NOT NULL DEFAULT '',
    "actor" JSONB,
    "traceparent" TEXT,
    "tracestate" TEXT,
    "payload" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "promotions_kind_active_idx" ON "promotions"("kind", "active");

-- CreateIndex
CREATE UNIQUE INDEX "codes_code_key" ON "codes"("code");

-- CreateIndex
CREATE INDEX "codes_promotion_id_batch_id_idx" ON "codes"("promotion_id", "batch_id");

-- CreateIndex
CREATE INDEX "redemptions_state_created_at_idx" ON "redemptions"("state", "created_at");

-- CreateIndex
CREATE INDEX "redemption_lines_promotion_id_idx" ON "redemption_lines"("promotion_id");

-- CreateIndex
CREATE INDEX "redemption_lines_code_id_idx" ON "redemption_lines"("code_id");

-- CreateIndex
CREATE INDEX "outbox_events_published_at_occurred_at_idx" ON "outbox_events"("published_at", "occurred_at");

-- AddForeignKey
ALTER TABLE "codes" ADD CONSTRAINT "codes_promotion_id_fkey" FOREIGN KEY ("promotion_id") REFERENCES "promotions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "redemption_lines" ADD CONSTRAINT "redemption_lines_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "redemptions"("order_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Guards the counters against any code path that forgets a limit.
ALTER TABLE "promotions" ADD CONSTRAINT "promotions_used_within_limit" CHECK ("used" >= 0 AND ("usage_limit" IS NULL OR "used" <= "usage_limit"));
ALTER TABLE "codes" ADD CONSTRAINT "codes_used_within_limit" CHECK ("used" >= 0 AND ("usage_limit" IS NULL OR "used" <= "usage_limit"));
