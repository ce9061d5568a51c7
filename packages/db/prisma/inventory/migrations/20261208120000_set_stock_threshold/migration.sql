-- An admin sets a SKU's low-stock threshold with its stock count (PUT /inventory/{sku}
-- lowStockThreshold): set_stock takes it as a sixth argument (NULL: unchanged) and writes it in the
-- same statement, before the count, so the count's inventory.low_stock crossing is judged against
-- the new threshold. Changing only the threshold moves no stock and announces nothing (the row's
-- version and updated_at still move: every change of the row does). The five-argument set_stock
-- stays, as the six-argument one with NULL, for a process of the previous release during a rollout.

CREATE FUNCTION "set_stock"(p_sku TEXT, p_on_hand INTEGER, p_reason TEXT, p_actor TEXT, p_create BOOLEAN, p_threshold INTEGER) RETURNS JSONB
LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $$
DECLARE
    v_on_hand INTEGER;
    v_reserved INTEGER;
    v_threshold INTEGER;
    v_changed JSONB := '[]'::jsonb;
BEGIN
    IF p_create THEN
        INSERT INTO "stock_items" ("sku") VALUES (p_sku) ON CONFLICT ("sku") DO NOTHING;
    END IF;
    SELECT "on_hand", "reserved", "low_stock_threshold" INTO v_on_hand, v_reserved, v_threshold FROM "stock_items" WHERE "sku" = p_sku FOR UPDATE;
    IF NOT FOUND THEN RETURN '{"kind":"unknown_sku"}'::jsonb; END IF;
    IF p_on_hand < v_reserved THEN RETURN jsonb_build_object('kind', 'below_reserved', 'reserved', v_reserved); END IF;
    IF p_threshold IS NOT NULL AND p_threshold <> v_threshold THEN
        UPDATE "stock_items" SET "low_stock_threshold" = p_threshold, "version" = "version" + 1, "updated_at" = now() WHERE "sku" = p_sku;
    END IF;
    IF p_on_hand <> v_on_hand OR p_create THEN
        v_changed := apply_stock_changes(ARRAY[p_sku], ARRAY[p_on_hand - v_on_hand], ARRAY[0], 'adjust', p_actor, p_reason, NULL);
        v_on_hand := p_on_hand;
    END IF;
    RETURN jsonb_build_object(
        'kind', 'done',
        'stock', jsonb_build_object('sku', p_sku, 'onHand', v_on_hand, 'reserved', v_reserved, 'available', v_on_hand - v_reserved),
        'changed', v_changed);
END
$$;

CREATE OR REPLACE FUNCTION "set_stock"(p_sku TEXT, p_on_hand INTEGER, p_reason TEXT, p_actor TEXT, p_create BOOLEAN) RETURNS JSONB
LANGUAGE sql VOLATILE SET search_path FROM CURRENT AS $$
    SELECT "set_stock"(p_sku, p_on_hand, p_reason, p_actor, p_create, NULL::INTEGER);
$$;
