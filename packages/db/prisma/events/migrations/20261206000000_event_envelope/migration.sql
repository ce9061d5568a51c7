-- Versioned event contracts: every delivery carries the whole envelope (contract version, the
-- aggregate it is about, the actor, and the W3C trace context captured with the outbox row).
-- Nullable: deliveries published before this carry none of it (read as version 1).

-- AlterTable
ALTER TABLE "deliveries" ADD COLUMN "version" INTEGER,
ADD COLUMN "aggregate_id" TEXT,
ADD COLUMN "actor" JSONB,
ADD COLUMN "traceparent" TEXT,
ADD COLUMN "tracestate" TEXT;
