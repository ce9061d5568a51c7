-- The sale is taken from `orders.order_paid` (consumer inventory.sales) instead of a synchronous
-- `commit` call inside every checkout, so two things change:
--
-- 1. commit_sales commits many reservations in ONE statement (the PostgreSQL bus hands the
--    consumer every paid order ready at once). It locks the reservation rows in id order and then
--    every stock row they touch in SKU order before committing any of them, the lock order of
--    every other stock function (reservation first, then stock rows by SKU), so a batch cannot
--    deadlock with a checkout's reserve. A reservation whose hold expired and whose units are gone
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
    v_ids UUID[];
    v_id UUID;
    v_result JSONB;
    v_committed INTEGER := 0;
    v_changed JSONB := '[]'::jsonb;
    v_shortages JSONB := '[]'::jsonb;
    v_skipped JSONB := '[]'::jsonb;
    v_detail TEXT;
BEGIN
    SELECT coalesce(array_agg(r."id" ORDER BY r."id"), '{}') INTO v_ids FROM (
        SELECT "id" FROM "reservations" WHERE "id" = ANY (p_ids) ORDER BY "id" FOR UPDATE) r;
    PERFORM 1 FROM "stock_items"
      WHERE "sku" IN (SELECT "sku" FROM "reservation_lines" WHERE "reservation_id" = ANY (v_ids))
      ORDER BY "sku" FOR UPDATE;
    -- Ids without a reservation row: nothing to take (reported, never created here).
    SELECT v_skipped || coalesce(jsonb_agg(jsonb_build_object('reservationId', m.id, 'status', 'not_found')), '[]'::jsonb)
      INTO v_skipped FROM (SELECT DISTINCT unnest(p_ids) AS id) m WHERE m.id <> ALL (v_ids);

    FOREACH v_id IN ARRAY v_ids LOOP
        BEGIN
            v_result := commit_reservation(v_id, p_actor);
            IF v_result ->> 'kind' = 'done' THEN
                v_committed := v_committed + 1;
                v_changed := v_changed || coalesce(v_result -> 'changed', '[]'::jsonb);
            ELSE
                v_skipped := v_skipped || jsonb_build_array(jsonb_build_object('reservationId', v_id, 'status', v_result ->> 'status'));
            END IF;
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
