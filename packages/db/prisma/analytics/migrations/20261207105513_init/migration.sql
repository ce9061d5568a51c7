-- Analytics: raw behaviour events (partitioned monthly), sessions, sales facts, daily rollups,
-- the product read model, the consumers' inbox and the transactional outbox.

CREATE TABLE "ingested_event_ids" (
    "id" UUID NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "ingested_event_ids_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ingested_event_ids_occurred_at_idx" ON "ingested_event_ids"("occurred_at");

-- Partitioned by month: the partitions behaviour_events_YYYYMM are made (current month + 2 ahead)
-- and dropped (older than ANALYTICS_RETENTION_MONTHS) by the analytics.partitions job.
CREATE TABLE "behaviour_events" (
    "id" UUID NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "type" TEXT NOT NULL,
    "store_day" DATE NOT NULL,
    "visitor_id" UUID,
    "session_id" UUID,
    "customer_id" UUID,
    "path" TEXT NOT NULL,
    "referrer_host" TEXT,
    "device" TEXT NOT NULL,
    "product_id" UUID,
    "props" JSONB NOT NULL,
    CONSTRAINT "behaviour_events_pkey" PRIMARY KEY ("occurred_at", "id")
) PARTITION BY RANGE ("occurred_at");
CREATE INDEX "behaviour_events_session_id_occurred_at_idx" ON "behaviour_events"("session_id", "occurred_at");
CREATE INDEX "behaviour_events_store_day_idx" ON "behaviour_events"("store_day");

-- The partitions of last month, this month and the next two (the job keeps this going).
DO $$
DECLARE
  month DATE;
BEGIN
  FOR i IN -1..2 LOOP
    month := (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => i))::date;
    EXECUTE format(
      'CREATE TABLE IF NOT EXISTS %I PARTITION OF "behaviour_events" FOR VALUES FROM (%L) TO (%L)',
      'behaviour_events_' || to_char(month, 'YYYYMM'),
      month::timestamp AT TIME ZONE 'UTC',
      (month + interval '1 month')::timestamp AT TIME ZONE 'UTC'
    );
  END LOOP;
END $$;

CREATE TABLE "sessions" (
    "session_id" UUID NOT NULL,
    "visitor_id" UUID,
    "customer_id" UUID,
    "store_day" DATE NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "last_at" TIMESTAMPTZ(3) NOT NULL,
    "product_view_at" TIMESTAMPTZ(3),
    "add_to_cart_at" TIMESTAMPTZ(3),
    "checkout_started_at" TIMESTAMPTZ(3),
    "order_placed_at" TIMESTAMPTZ(3),
    CONSTRAINT "sessions_pkey" PRIMARY KEY ("session_id")
);
CREATE INDEX "sessions_store_day_idx" ON "sessions"("store_day");

CREATE TABLE "session_orders" (
    "order_id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "placed_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "session_orders_pkey" PRIMARY KEY ("order_id")
);

CREATE TABLE "session_shelf_clicks" (
    "session_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "shelf" TEXT NOT NULL,
    "clicked_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "session_shelf_clicks_pkey" PRIMARY KEY ("session_id", "product_id")
);

CREATE TABLE "products" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "category_id" UUID,
    "category_name" TEXT,
    "status" TEXT NOT NULL DEFAULT 'active',
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "products_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "customers" (
    "customer_key" TEXT NOT NULL,
    "first_order_id" UUID NOT NULL,
    "first_paid_at" TIMESTAMPTZ(3) NOT NULL,
    "first_store_day" DATE NOT NULL,
    CONSTRAINT "customers_pkey" PRIMARY KEY ("customer_key")
);

CREATE TABLE "order_facts" (
    "order_id" UUID NOT NULL,
    "customer_key" TEXT,
    "is_new" BOOLEAN NOT NULL,
    "paid_at" TIMESTAMPTZ(3) NOT NULL,
    "store_day" DATE NOT NULL,
    "currency" TEXT NOT NULL,
    "subtotal" INTEGER NOT NULL,
    "shipping" INTEGER NOT NULL,
    "tax" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,
    "units" INTEGER NOT NULL,
    "refunded" INTEGER NOT NULL DEFAULT 0,
    "cancelled_at" TIMESTAMPTZ(3),
    CONSTRAINT "order_facts_pkey" PRIMARY KEY ("order_id")
);
CREATE INDEX "order_facts_customer_key_idx" ON "order_facts"("customer_key");
CREATE INDEX "order_facts_store_day_idx" ON "order_facts"("store_day");

CREATE TABLE "order_line_facts" (
    "order_id" UUID NOT NULL,
    "line_no" INTEGER NOT NULL,
    "product_id" UUID NOT NULL,
    "category_id" UUID,
    "quantity" INTEGER NOT NULL,
    "unit_price" INTEGER NOT NULL,
    "line_total" INTEGER NOT NULL,
    "store_day" DATE NOT NULL,
    CONSTRAINT "order_line_facts_pkey" PRIMARY KEY ("order_id", "line_no")
);
CREATE INDEX "order_line_facts_store_day_idx" ON "order_line_facts"("store_day");

CREATE TABLE "refund_facts" (
    "event_id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "amount" INTEGER NOT NULL,
    "refunded_at" TIMESTAMPTZ(3) NOT NULL,
    "store_day" DATE NOT NULL,
    CONSTRAINT "refund_facts_pkey" PRIMARY KEY ("event_id")
);
CREATE INDEX "refund_facts_store_day_idx" ON "refund_facts"("store_day");

CREATE TABLE "daily_sales" (
    "store_day" DATE NOT NULL,
    "gross" BIGINT NOT NULL DEFAULT 0,
    "refunds" BIGINT NOT NULL DEFAULT 0,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "units" INTEGER NOT NULL DEFAULT 0,
    "new_customers" INTEGER NOT NULL DEFAULT 0,
    "returning_customers" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "daily_sales_pkey" PRIMARY KEY ("store_day")
);

CREATE TABLE "daily_product" (
    "store_day" DATE NOT NULL,
    "product_id" UUID NOT NULL,
    "views" INTEGER NOT NULL DEFAULT 0,
    "add_to_carts" INTEGER NOT NULL DEFAULT 0,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "units" INTEGER NOT NULL DEFAULT 0,
    "revenue" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "daily_product_pkey" PRIMARY KEY ("store_day", "product_id")
);

CREATE TABLE "daily_category" (
    "store_day" DATE NOT NULL,
    "category_id" UUID NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "units" INTEGER NOT NULL DEFAULT 0,
    "revenue" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "daily_category_pkey" PRIMARY KEY ("store_day", "category_id")
);

CREATE TABLE "daily_search" (
    "store_day" DATE NOT NULL,
    "query" TEXT NOT NULL,
    "searches" INTEGER NOT NULL DEFAULT 0,
    "zero_results" INTEGER NOT NULL DEFAULT 0,
    "corrected" INTEGER NOT NULL DEFAULT 0,
    "corrected_to" TEXT,
    "clicks" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "daily_search_pkey" PRIMARY KEY ("store_day", "query")
);

CREATE TABLE "daily_shelf" (
    "store_day" DATE NOT NULL,
    "shelf" TEXT NOT NULL,
    "impressions" INTEGER NOT NULL DEFAULT 0,
    "clicks" INTEGER NOT NULL DEFAULT 0,
    "attributed_orders" INTEGER NOT NULL DEFAULT 0,
    "attributed_revenue" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "daily_shelf_pkey" PRIMARY KEY ("store_day", "shelf")
);

CREATE TABLE "processed_events" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("id")
);

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
CREATE INDEX "outbox_events_published_at_occurred_at_idx" ON "outbox_events"("published_at", "occurred_at");
