-- Scalping limits: an optional maximum quantity of a product per order and per customer
-- (NULL = no limit). Orders enforces them at checkout (per customer: across the customer's live
-- and paid orders) and the cart refuses a line above the per-order maximum.

-- AlterTable
ALTER TABLE "products" ADD COLUMN "max_per_order" INTEGER;
ALTER TABLE "products" ADD COLUMN "max_per_customer" INTEGER;
ALTER TABLE "products" ADD CONSTRAINT "products_max_per_order_check" CHECK ("max_per_order" IS NULL OR "max_per_order" > 0);
ALTER TABLE "products" ADD CONSTRAINT "products_max_per_customer_check" CHECK ("max_per_customer" IS NULL OR "max_per_customer" > 0);
