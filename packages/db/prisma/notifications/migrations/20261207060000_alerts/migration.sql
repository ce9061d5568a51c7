-- Notifications: back-in-stock alerts, price watches, and the read models they need (products from
-- catalog and inventory events, customers' carts from cart events, for abandoned-cart reminders).

-- CreateTable
CREATE TABLE "products" (
    "product_id" UUID NOT NULL,
    "sku" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "price_amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "available" INTEGER NOT NULL,
    "stock_version" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "products_pkey" PRIMARY KEY ("product_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "products_sku_key" ON "products"("sku");

-- CreateTable
CREATE TABLE "stock_alerts" (
    "id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "user_id" UUID,
    "status" TEXT NOT NULL,
    "confirm_token_hash" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmed_at" TIMESTAMPTZ(3),
    "notified_at" TIMESTAMPTZ(3),

    CONSTRAINT "stock_alerts_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "stock_alerts_status_check" CHECK ("status" IN ('pending', 'active', 'notified', 'cancelled'))
);

-- CreateIndex
CREATE UNIQUE INDEX "stock_alerts_confirm_token_hash_key" ON "stock_alerts"("confirm_token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "stock_alerts_product_email_key" ON "stock_alerts"("product_id", "email");

-- CreateIndex
CREATE INDEX "stock_alerts_product_status_idx" ON "stock_alerts"("product_id", "status");

-- CreateTable
CREATE TABLE "price_watches" (
    "id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "reference_price" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "price_watches_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "price_watches_status_check" CHECK ("status" IN ('active', 'cancelled'))
);

-- CreateIndex
CREATE UNIQUE INDEX "price_watches_product_user_key" ON "price_watches"("product_id", "user_id");

-- CreateIndex
CREATE INDEX "price_watches_user_id_idx" ON "price_watches"("user_id");

-- CreateTable
CREATE TABLE "carts" (
    "cart_id" UUID NOT NULL,
    "customer_id" UUID,
    "status" TEXT NOT NULL,
    "lines" JSONB NOT NULL,
    "item_count" INTEGER NOT NULL,
    "subtotal" INTEGER,
    "currency" TEXT NOT NULL,
    "state_hash" TEXT NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,
    "reminded_state" TEXT,
    "reminded_at" TIMESTAMPTZ(3),

    CONSTRAINT "carts_pkey" PRIMARY KEY ("cart_id")
);

-- CreateIndex
CREATE INDEX "carts_status_changed_at_idx" ON "carts"("status", "changed_at");
