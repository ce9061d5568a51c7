-- Promotions: an order keeps what discounts took off (in all, per promotion and per line).
ALTER TABLE "orders" ADD COLUMN "discount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "orders" ADD COLUMN "discounts" JSONB NOT NULL DEFAULT '[]';
ALTER TABLE "order_items" ADD COLUMN "discount" INTEGER NOT NULL DEFAULT 0;

-- total = subtotal - discount + shipping + tax, and a discount never exceeds what it discounts.
ALTER TABLE "orders" DROP CONSTRAINT "orders_amounts_non_negative";
ALTER TABLE "orders" ADD CONSTRAINT "orders_amounts_non_negative" CHECK ("subtotal" >= 0 AND "shipping" >= 0 AND "tax" >= 0 AND "discount" >= 0 AND "discount" <= "subtotal" + "shipping" AND "total" = "subtotal" - "discount" + "shipping" + "tax");
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_discount_within_line" CHECK ("discount" >= 0 AND "discount" <= "line_total");
