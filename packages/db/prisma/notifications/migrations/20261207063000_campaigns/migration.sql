-- Notifications: campaigns, the read models their segments use (customers' paid orders and what
-- they bought), unsubscribes per campaign, and the campaign a message belongs to.

-- AlterTable
ALTER TABLE "messages" ADD COLUMN "campaign_id" UUID;

-- CreateIndex
CREATE INDEX "messages_campaign_id_state_idx" ON "messages"("campaign_id", "state");

-- CreateTable
CREATE TABLE "campaigns" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body_markdown" TEXT NOT NULL,
    "cta_label" TEXT,
    "cta_url" TEXT,
    "segment" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "scheduled_at" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "recipients" INTEGER NOT NULL DEFAULT 0,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaigns_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "campaigns_status_check" CHECK ("status" IN ('draft', 'scheduled', 'sending', 'sent', 'cancelled'))
);

-- CreateIndex
CREATE INDEX "campaigns_status_scheduled_at_idx" ON "campaigns"("status", "scheduled_at");

-- CreateIndex
CREATE INDEX "campaigns_created_at_idx" ON "campaigns"("created_at" DESC);

-- CreateTable
CREATE TABLE "customer_orders" (
    "order_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "total" INTEGER NOT NULL,
    "amount_refunded" INTEGER NOT NULL DEFAULT 0,
    "paid_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customer_orders_pkey" PRIMARY KEY ("order_id")
);

-- CreateIndex
CREATE INDEX "customer_orders_customer_paid_at_idx" ON "customer_orders"("customer_id", "paid_at");

-- CreateTable
CREATE TABLE "customer_purchases" (
    "order_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "category_id" UUID,

    CONSTRAINT "customer_purchases_pkey" PRIMARY KEY ("order_id", "product_id")
);

-- CreateIndex
CREATE INDEX "customer_purchases_category_customer_idx" ON "customer_purchases"("category_id", "customer_id");

-- CreateTable
CREATE TABLE "unsubscribes" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "campaign_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "unsubscribes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "unsubscribes_campaign_id_idx" ON "unsubscribes"("campaign_id");
