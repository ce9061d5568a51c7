-- Dead letters, one store for both buses: a dead delivery stays a row of `deliveries` (the
-- RabbitMQ bus now records its dead events here too), with when it was parked, how often it was
-- replayed, and, once an operator discards it, who did, when and why (kept for audit).

-- AlterTable
ALTER TABLE "deliveries" ADD COLUMN "dead_at" TIMESTAMPTZ(3),
ADD COLUMN "replays" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "discarded_at" TIMESTAMPTZ(3),
ADD COLUMN "discarded_by" TEXT,
ADD COLUMN "discard_reason" TEXT;
