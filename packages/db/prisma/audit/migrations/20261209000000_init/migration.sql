-- Audit: the append-only audit_entries read model and the transactional outbox.

-- CreateTable
CREATE TABLE "audit_entries" (
    "id" UUID NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "domain" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "changes" JSONB NOT NULL,
    "actor_type" TEXT,
    "actor_id" TEXT,
    "actor_email" TEXT,
    "request_id" TEXT,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_entries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_entries_occurred_at_id_idx" ON "audit_entries"("occurred_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "audit_entries_entity_type_entity_id_occurred_at_idx" ON "audit_entries"("entity_type", "entity_id", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "audit_entries_actor_id_occurred_at_idx" ON "audit_entries"("actor_id", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "audit_entries_actor_email_occurred_at_idx" ON "audit_entries"("actor_email", "occurred_at" DESC);

-- Append-only, even to a bug or a hand-typed statement: every UPDATE, DELETE and TRUNCATE of an
-- audit entry is refused (no API offers one either). Dropping the schema is the only way out.
CREATE FUNCTION "refuse_audit_entry_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit entries are append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "audit_entries_refuse_update_delete" BEFORE UPDATE OR DELETE ON "audit_entries"
  FOR EACH ROW EXECUTE FUNCTION "refuse_audit_entry_change"();
CREATE TRIGGER "audit_entries_refuse_truncate" BEFORE TRUNCATE ON "audit_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_audit_entry_change"();

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
