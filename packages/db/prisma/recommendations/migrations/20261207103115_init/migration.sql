-- Recommendations: signals, product facts, precomputed lists, the consumers' inbox and the transactional outbox.

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
CREATE INDEX "outbox_events_published_at_occurred_at_idx" ON "outbox_events"("published_at", "occurred_at");

-- CreateTable
CREATE TABLE "inbox" (
    "consumer" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "handled_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_pkey" PRIMARY KEY ("consumer","event_id")
);

-- CreateTable
CREATE TABLE "categories" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "parent_id" UUID,

    CONSTRAINT "categories_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "products" (
    "id" UUID NOT NULL,
    "sku" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "category_id" UUID,
    "brand" TEXT,
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL,
    "available" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "facts_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "products_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stock" (
    "sku" TEXT NOT NULL,
    "available" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,

    CONSTRAINT "stock_pkey" PRIMARY KEY ("sku")
);

-- CreateTable
CREATE TABLE "purchases" (
    "order_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "basket" TEXT NOT NULL,
    "customer_id" UUID,
    "quantity" INTEGER NOT NULL,
    "paid_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "purchases_pkey" PRIMARY KEY ("order_id","product_id")
);

-- CreateTable
CREATE TABLE "interactions" (
    "event_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "product_id" UUID NOT NULL,
    "visitor_id" UUID,
    "session_id" UUID,
    "customer_id" UUID,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "interactions_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable
CREATE TABLE "visitor_links" (
    "visitor_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "linked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "visitor_links_pkey" PRIMARY KEY ("visitor_id","customer_id")
);

-- CreateTable
CREATE TABLE "lists" (
    "shelf" TEXT NOT NULL,
    "key" UUID NOT NULL,
    "rank" INTEGER NOT NULL,
    "product_id" UUID NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "reason" TEXT NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lists_pkey" PRIMARY KEY ("shelf","key","rank")
);

-- CreateTable
CREATE TABLE "dirty_products" (
    "product_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "marked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dirty_products_pkey" PRIMARY KEY ("product_id","kind")
);

-- CreateTable
CREATE TABLE "model_state" (
    "name" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "model_state_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE UNIQUE INDEX "products_sku_key" ON "products"("sku");

-- CreateIndex
CREATE INDEX "products_category_id_idx" ON "products"("category_id");

-- CreateIndex
CREATE INDEX "purchases_product_id_idx" ON "purchases"("product_id");

-- CreateIndex
CREATE INDEX "purchases_basket_idx" ON "purchases"("basket");

-- CreateIndex
CREATE INDEX "purchases_customer_id_paid_at_idx" ON "purchases"("customer_id", "paid_at");

-- CreateIndex
CREATE INDEX "purchases_paid_at_idx" ON "purchases"("paid_at");

-- CreateIndex
CREATE INDEX "interactions_product_id_idx" ON "interactions"("product_id");

-- CreateIndex
CREATE INDEX "interactions_session_id_idx" ON "interactions"("session_id");

-- CreateIndex
CREATE INDEX "interactions_visitor_id_occurred_at_idx" ON "interactions"("visitor_id", "occurred_at");

-- CreateIndex
CREATE INDEX "interactions_customer_id_occurred_at_idx" ON "interactions"("customer_id", "occurred_at");

-- CreateIndex
CREATE INDEX "interactions_occurred_at_idx" ON "interactions"("occurred_at");

-- CreateIndex
CREATE INDEX "visitor_links_customer_id_idx" ON "visitor_links"("customer_id");
