-- Fulfilment with a carrier and a tracking number (PUT /orders/{id}/status with status "fulfilled"):
-- kept on the order (the shopper's order page shows them) and on the status-history row of the change.

-- AlterTable
ALTER TABLE "orders" ADD COLUMN "carrier" TEXT,
ADD COLUMN "tracking_number" TEXT;

-- AlterTable
ALTER TABLE "order_status_history" ADD COLUMN "carrier" TEXT,
ADD COLUMN "tracking_number" TEXT;
