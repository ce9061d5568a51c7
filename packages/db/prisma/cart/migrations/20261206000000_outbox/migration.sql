-- The transactional outbox (packages/api/src/events/outbox.ts): one row per event, written in the
-- same transaction as the change it announces, with its envelope (contract version, aggregate,
-- actor, W3C trace context); the relay publishes it and marks it published.

-- CreateTable
CREATE TABLE "outbox_events" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "aggregate_id" TEXT NOT NULL DEFAULT '',
    "actor" JSONB,
    "traceparent" TEXT,
    "tracestate" TEXT,
    "payload" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "outbox_events_published_at_occurred_at_idx" ON "outbox_events"("published_at", "occurred_at");
