-- The worker holding a claimed delivery (its session advisory lock key): when that session is gone
-- (the process died), the delivery is handed to another worker at once instead of after its lease.

-- AlterTable
ALTER TABLE "deliveries" ADD COLUMN "claimed_by" INTEGER;
