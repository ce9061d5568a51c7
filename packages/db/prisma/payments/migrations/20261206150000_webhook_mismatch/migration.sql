-- A correctly signed Stripe event that disagrees with our payment row (another intent, order,
-- amount or currency) is recorded but not applied: the fields it disagreed on are kept with the
-- event id, so a redelivery is recognised and the mismatch can be inspected
-- (packages/api/src/payments/service.ts).

-- AlterTable
ALTER TABLE "webhook_events" ADD COLUMN "mismatch" TEXT[];
