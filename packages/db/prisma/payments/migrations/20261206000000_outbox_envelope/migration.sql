-- Versioned event contracts: each outbox row carries the envelope the relay publishes — the
-- contract version, the aggregate it is about, the actor, and the W3C trace context captured
-- when the row was written (packages/api/src/events/outbox.ts).

-- AlterTable
ALTER TABLE "outbox_events" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN "aggregate_id" TEXT NOT NULL DEFAULT '',
ADD COLUMN "actor" JSONB,
ADD COLUMN "traceparent" TEXT,
ADD COLUMN "tracestate" TEXT;
