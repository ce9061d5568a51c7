-- Low stock and the event envelope, in the stock functions.
--
-- Each SKU gets a low-stock threshold (default 5). apply_stock_changes — the one function every
-- stock change goes through — now also writes `inventory.low_stock` when a SKU's available units
-- fall to or below its threshold (once per crossing: from above it to at or below it), and fills
-- the envelope columns of every outbox row it writes: contract version 1, the SKU as aggregate,
-- the actor from p_actor ('admin:<user id>' → the user, 'service:<name>' → that service, anything
-- else → inventory itself) and the W3C trace context the calling statement set with
-- set_config('omnicart.traceparent' / 'omnicart.tracestate', …, true) (repository.ts does it in
-- the same statement, so it is the trace of the request or job that made the change).

-- AlterTable
ALTER TABLE "stock_items" ADD COLUMN "low_stock_threshold" INTEGER NOT NULL DEFAULT 5;

CREATE OR REPLACE FUNCTION "apply_stock_changes"(
    p_skus TEXT[], p_on_hand_deltas INTEGER[], p_reserved_deltas INTEGER[],
    p_kind "movement_kind", p_actor TEXT, p_reason TEXT, p_reservation_id UUID
) RETURNS JSONB
LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $$
DECLARE
    v_events JSONB;
    v_actor JSONB := CASE
        WHEN p_actor LIKE 'admin:%' THEN jsonb_build_object('type', 'user', 'id', substr(p_actor, 7))
        WHEN p_actor LIKE 'service:%' THEN jsonb_build_object('type', 'service', 'id', substr(p_actor, 9))
        ELSE jsonb_build_object('type', 'service', 'id', 'inventory')
    END;
    v_traceparent TEXT := nullif(current_setting('omnicart.traceparent', true), '');
    v_tracestate TEXT := nullif(current_setting('omnicart.tracestate', true), '');
BEGIN
    WITH "delta" AS (
        SELECT * FROM unnest(p_skus, p_on_hand_deltas, p_reserved_deltas) AS d(sku, dh, dr)
    ), "updated" AS (
        UPDATE "stock_items" s
           SET "on_hand" = s."on_hand" + d.dh, "reserved" = s."reserved" + d.dr,
               "version" = s."version" + 1, "updated_at" = now()
          FROM "delta" d
         WHERE s."sku" = d.sku
        RETURNING s."sku", s."on_hand", s."reserved", s."version", s."low_stock_threshold", d.dh, d.dr
    ), "moved" AS (
        INSERT INTO "movements" ("sku", "kind", "quantity", "on_hand_after", "reserved_after", "reason", "actor", "reservation_id")
        SELECT u."sku", p_kind, CASE WHEN p_kind IN ('reserve', 'release', 'expire') THEN u.dr ELSE u.dh END,
               u."on_hand", u."reserved", p_reason, p_actor, p_reservation_id
          FROM "updated" u ORDER BY u."sku"
    ), "low" AS (
        INSERT INTO "outbox_events" ("id", "type", "version", "aggregate_id", "actor", "traceparent", "tracestate", "payload")
        SELECT gen_random_uuid(), 'inventory.low_stock', 1, u."sku", v_actor, v_traceparent, v_tracestate,
               jsonb_build_object('sku', u."sku", 'available', u."on_hand" - u."reserved",
                                  'threshold', u."low_stock_threshold", 'version', u."version")
          FROM "updated" u
         WHERE u."on_hand" - u."reserved" <= u."low_stock_threshold"
           AND u."on_hand" - u."reserved" - (u.dh - u.dr) > u."low_stock_threshold"
         ORDER BY u."sku"
    ), "announced" AS (
        INSERT INTO "outbox_events" ("id", "type", "version", "aggregate_id", "actor", "traceparent", "tracestate", "payload")
        SELECT gen_random_uuid(), 'inventory.stock_changed', 1, u."sku", v_actor, v_traceparent, v_tracestate,
               jsonb_build_object('sku', u."sku", 'onHand', u."on_hand", 'reserved', u."reserved",
                                  'available', u."on_hand" - u."reserved", 'version', u."version")
          FROM "updated" u WHERE u.dh <> u.dr ORDER BY u."sku"
        RETURNING "payload"
    )
    SELECT coalesce(jsonb_agg(a."payload" ORDER BY a."payload" ->> 'sku'), '[]'::jsonb) INTO v_events FROM "announced" a;
    RETURN v_events;
END
$$;
