-- Cart: guest and customer carts, their lines (product + quantity only; prices come from
-- catalog on every read). One open cart per customer is the unique "open_customer_id" column,
-- set only while the cart is open.

-- CreateEnum
CREATE TYPE "cart_status" AS ENUM ('open', 'checked_out', 'merged');

-- CreateTable
CREATE TABLE "carts" (
    "id" UUID NOT NULL,
    "token" TEXT NOT NULL,
    "customer_id" UUID,
    "open_customer_id" UUID,
    "status" "cart_status" NOT NULL DEFAULT 'open',
    "order_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "carts_pkey" PRIMARY KEY ("id"),
    -- open_customer_id mirrors customer_id exactly while open, and is NULL otherwise.
    CONSTRAINT "carts_open_customer_consistent" CHECK (
        ("status" = 'open' AND "open_customer_id" IS NOT DISTINCT FROM "customer_id")
        OR ("status" <> 'open' AND "open_customer_id" IS NULL)
    )
);

-- CreateTable
CREATE TABLE "cart_lines" (
    "cart_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cart_lines_pkey" PRIMARY KEY ("cart_id", "product_id"),
    CONSTRAINT "cart_lines_quantity_range" CHECK ("quantity" BETWEEN 1 AND 99)
);

-- CreateIndex
CREATE UNIQUE INDEX "carts_token_key" ON "carts"("token");

-- CreateIndex
CREATE UNIQUE INDEX "carts_open_customer_id_key" ON "carts"("open_customer_id");

-- CreateIndex
CREATE INDEX "carts_customer_id_idx" ON "carts"("customer_id");

-- CreateIndex
CREATE INDEX "carts_expires_at_idx" ON "carts"("expires_at");

-- AddForeignKey
ALTER TABLE "cart_lines" ADD CONSTRAINT "cart_lines_cart_id_fkey" FOREIGN KEY ("cart_id") REFERENCES "carts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
