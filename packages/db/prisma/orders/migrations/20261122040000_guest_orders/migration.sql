-- Guest checkout: an order placed without an account has no customer_id and keeps the buyer's
-- address in guest_email (customer_email holds the same address, as for every order). Guest
-- Idempotency-Keys live in idempotency_keys too: their customer_id is a UUID derived from the
-- cart id (see packages/api/src/orders/guest.ts), so keys are scoped per guest cart.

-- AlterTable
ALTER TABLE "orders" ALTER COLUMN "customer_id" DROP NOT NULL;
ALTER TABLE "orders" ADD COLUMN "guest_email" TEXT;
ALTER TABLE "orders" ADD CONSTRAINT "orders_owner_check" CHECK ("customer_id" IS NOT NULL OR "guest_email" IS NOT NULL);
