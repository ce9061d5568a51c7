-- The sale is taken from `orders.order_paid` (consumer inventory.sales) instead of a synchronous
-- `commit` call inside every checkout, so two things change:
--
-- 1. commit_sales commits many reservations in ONE statement (the PostgreSQL bus hands the
--    consumer every paid order ready at once). It locks the reservation rows in id order and then
--    every stock row they touch in SKU order before committing any of them, the lock order of
--    every other stock function (reservation first, then stock rows by SKU), so a batch cannot
--    deadlock with a checkout's reserve. Held reservations are taken set-based (one update per
--    SKU for the whole batch), so the stock rows, which every checkout of those SKUs needs, are
--    held for one short statement rather than one commit per order. A reservation whose hold expired and whose units are gone
--    meanwhile (INSTK) is reported back instead of failing the batch (orders refunds that order);
--    one that was given back already (returned) is skipped, so a late event never re-takes stock.
--    → {"committed": n, "changed": [...], "shortages": [{reservationId, sku, requested, available}],
--       "skipped": [{reservationId, status}]}
--
-- 2. restock_reservation also accepts a reservation whose sale inventory has not taken yet: an
--    order cancelled or refunded in the moment between being paid and the event's delivery. An
--    active hold goes back to available; a hold that expired or was released has nothing left to
--    give. Either way the reservation ends `returned`, which commit_sales skips.

CREATE FUNCTION "commit_sales"(p_ids UUID[], p_actor TEXT) RETURNS JSONB
LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $$
DECLARE
    v_held UUID[];
    v_retake UUID[];
    v_id UUID;
    v_result JSONB;
    v_committed INTEGER;
    v_changed JSONB := '[]'::jsonb;
    v_shortages JSONB := '[]'::jsonb;
    v_skipped JSONB;
    v_detail TEXT;
BEGIN
    -- Lock order: the reservation rows (id order), then every stock row they touch (SKU order).
    WITH "locked" AS (
        SELECT "id", "status" FROM "reservations" WHERE "id" = ANY (p_ids) ORDER BY "id" FOR UPDATE
    )
    SELECT coalesce(array_agg("id" ORDER BY "id") FILTER (WHERE "status" = 'active'), '{}'),
           coalesce(array_agg("id" ORDER BY "id") FILTER (WHERE "status" IN ('expired', 'released')), '{}'),
           -- committed already (a redelivery) is done; returned (given back first) is skipped.
           coalesce(jsonb_agg(jsonb_build_object('reservationId', "id", 'status', "status")) FILTER (WHERE "status" = 'returned'), '[]'::jsonb),
           count(*) FILTER (WHERE "status" = 'committed')
      INTO v_held, v_retake, v_skipped, v_committed
      FROM "locked";
    -- Ids without a reservation row: nothing to take (reported, never created here).
    SELECT v_skipped || coalesce(jsonb_agg(jsonb_build_object('reservationId', m.id, 'status', 'not_found')), '[]'::jsonb)
      INTO v_skipped
      FROM (SELECT DISTINCT unnest(p_ids) AS id) m
     WHERE NOT EXISTS (SELECT 1 FROM "reservations" r WHERE r."id" = m.id);
    PERFORM 1 FROM "stock_items"
      WHERE "sku" IN (SELECT "sku" FROM "reservation_lines" WHERE "reservation_id" = ANY (v_held || v_retake))
      ORDER BY "sku" FOR UPDATE;

    -- Held sales, set-based: one update per SKU for the whole batch, one movement per reservation
    -- line (its after-values as if the batch were applied one reservation at a time, in id order).
    -- on_hand and reserved drop together, so available does not move: no event, no low-stock crossing.
    IF cardinality(v_held) > 0 THEN
        WITH "lines" AS (
            SELECT l."reservation_id", l."sku", l."quantity" FROM "reservation_lines" l WHERE l."reservation_id" = ANY (v_held)
        ), "totals" AS (
            SELECT "sku", sum("quantity")::INTEGER AS q FROM "lines" GROUP BY "sku"
        ), "updated" AS (
            UPDATE "stock_items" s
               SET "on_hand" = s."on_hand" - t.q, "reserved" = s."reserved" - t.q,
                   "version" = s."version" + 1, "updated_at" = now()
              FROM "totals" t
             WHERE s."sku" = t."sku"
            RETURNING s."sku", s."on_hand", s."reserved"
        ), "moved" AS (
            INSERT INTO "movements" ("sku", "kind", "quantity", "on_hand_after", "reserved_after", "reason", "actor", "reservation_id")
            SELECT l."sku", 'commit', -l."quantity",
                   u."on_hand" + coalesce(sum(l."quantity") OVER later, 0),
                   u."reserved" + coalesce(sum(l."quantity") OVER later, 0),
                   NULL, p_actor, l."reservation_id"
              FROM "lines" l JOIN "updated" u ON u."sku" = l."sku"
            WINDOW later AS (PARTITION BY l."sku" ORDER BY l."reservation_id" ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)
             ORDER BY l."sku", l."reservation_id"
        )
        UPDATE "reservations" SET "status" = 'committed', "updated_at" = now() WHERE "id" = ANY (v_held);
        v_committed := v_committed + cardinality(v_held);
    END IF;

    -- Holds that expired or were released: the units are taken again from what is available now,
    -- one at a time, all or nothing each (rare: the payment settled after the hold's lifetime).
    FOREACH v_id IN ARRAY v_retake LOOP
        BEGIN
            v_result := commit_reservation(v_id, p_actor);
            v_committed := v_committed + 1;
            v_changed := v_changed || coalesce(v_result -> 'changed', '[]'::jsonb);
        EXCEPTION WHEN SQLSTATE 'INSTK' THEN
            GET STACKED DIAGNOSTICS v_detail = PG_EXCEPTION_DETAIL;
            v_shortages := v_shortages || jsonb_build_array(jsonb_build_object('reservationId', v_id) || v_detail::jsonb);
        END;
    END LOOP;
    RETURN jsonb_build_object('committed', v_committed, 'changed', v_changed, 'shortages', v_shortages, 'skipped', v_skipped);
END
$$;

CREATE OR REPLACE FUNCTION "restock_reservation"(p_id UUID, p_reason TEXT, p_actor TEXT) RETURNS JSONB
LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $$
DECLARE
    v_status "reservation_status";
    v_skus TEXT[];
    v_quantities INTEGER[];
    v_changed JSONB := '[]'::jsonb;
BEGIN
    SELECT "status" INTO v_status FROM "reservations" WHERE "id" = p_id FOR UPDATE;
    IF NOT FOUND THEN RETURN '{"kind":"not_found"}'::jsonb; END IF;
    IF v_status = 'returned' THEN RETURN '{"kind":"done","status":"returned","changed":[]}'::jsonb; END IF;

    IF v_status IN ('committed', 'active') THEN
        SELECT coalesce(array_agg("sku" ORDER BY "sku"), '{}'), coalesce(array_agg("quantity" ORDER BY "sku"), '{}')
          INTO v_skus, v_quantities FROM "reservation_lines" WHERE "reservation_id" = p_id;
        PERFORM 1 FROM "stock_items" WHERE "sku" = ANY (v_skus) ORDER BY "sku" FOR UPDATE;
        IF v_status = 'committed' THEN
            -- The sold units go back on hand.
            v_changed := apply_stock_changes(v_skus, v_quantities, array_fill(0, ARRAY[cardinality(v_skus)]), 'return', p_actor, p_reason, p_id);
        ELSE
            -- The sale was never taken: the hold goes back to available.
            v_changed := apply_stock_changes(v_skus, array_fill(0, ARRAY[cardinality(v_skus)]),
                                             (SELECT coalesce(array_agg(-q), '{}') FROM unnest(v_quantities) AS q),
                                             'release', p_actor, p_reason, p_id);
        END IF;
    END IF;
    -- released / expired: the hold already went back; nothing moves, but a late sale must not take it again.
    UPDATE "reservations" SET "status" = 'returned', "updated_at" = now() WHERE "id" = p_id;
    RETURN jsonb_build_object('kind', 'done', 'status', 'returned', 'changed', v_changed);
END
$$;
