-- Inventory: every stock change as one PL/pgSQL function, so each is ONE statement (one round trip)
-- from the service instead of BEGIN ... 8 statements ... COMMIT. Run as a single statement outside an
-- explicit transaction, a function is atomic: an error (e.g. not enough stock) rolls back all it wrote.
--
-- Lock order, the same everywhere (no deadlocks between these functions): the reservation row first
-- (INSERT ... ON CONFLICT DO NOTHING, or SELECT ... FOR UPDATE), then the stock rows ORDER BY sku FOR
-- UPDATE. VOLATILE functions take a fresh snapshot per statement (READ COMMITTED), so what a function
-- reads after it waited for a lock is what the other transaction committed.
--
-- `SET search_path FROM CURRENT` pins the names below to this schema whatever the caller's search_path.
-- A shortage is raised with SQLSTATE 'INSTK' and DETAIL = {"sku","requested","available"} (JSON); the
-- repository maps it to INSUFFICIENT_STOCK. Everything else comes back as a jsonb result.

-- Applies stock deltas to rows the caller already locked (in SKU order), writes one movement per SKU,
-- and one outbox `inventory.stock_changed` per SKU whose `available` (on_hand - reserved) changed:
-- a commit of a held reservation lowers on_hand and reserved together, so it announces nothing.
-- `version` grows with every change of the row (events may skip versions; readers keep the newest).
-- Returns the payloads written to the outbox, in SKU order.
CREATE FUNCTION "apply_stock_changes"(
    p_skus TEXT[], p_on_hand_deltas INTEGER[], p_reserved_deltas INTEGER[],
    p_kind "movement_kind", p_actor TEXT, p_reason TEXT, p_reservation_id UUID
) RETURNS JSONB
LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $$
DECLARE
    v_events JSONB;
BEGIN
    WITH "delta" AS (
        SELECT * FROM unnest(p_skus, p_on_hand_deltas, p_reserved_deltas) AS d(sku, dh, dr)
    ), "updated" AS (
        UPDATE "stock_items" s
           SET "on_hand" = s."on_hand" + d.dh, "reserved" = s."reserved" + d.dr,
               "version" = s."version" + 1, "updated_at" = now()
          FROM "delta" d
         WHERE s."sku" = d.sku
        RETURNING s."sku", s."on_hand", s."reserved", s."version", d.dh, d.dr
    ), "moved" AS (
        INSERT INTO "movements" ("sku", "kind", "quantity", "on_hand_after", "reserved_after", "reason", "actor", "reservation_id")
        SELECT u."sku", p_kind, CASE WHEN p_kind IN ('reserve', 'release', 'expire') THEN u.dr ELSE u.dh END,
               u."on_hand", u."reserved", p_reason, p_actor, p_reservation_id
          FROM "updated" u ORDER BY u."sku"
    ), "announced" AS (
        INSERT INTO "outbox_events" ("id", "type", "payload")
        SELECT gen_random_uuid(), 'inventory.stock_changed',
               jsonb_build_object('sku', u."sku", 'onHand', u."on_hand", 'reserved', u."reserved",
                                  'available', u."on_hand" - u."reserved", 'version', u."version")
          FROM "updated" u WHERE u.dh <> u.dr ORDER BY u."sku"
        RETURNING "payload"
    )
    SELECT coalesce(jsonb_agg(a."payload" ORDER BY a."payload" ->> 'sku'), '[]'::jsonb) INTO v_events FROM "announced" a;
    RETURN v_events;
END
$$;

-- Raises the shortage of the first line (in SKU order) that available stock cannot cover. The stock
-- rows must already be locked by the caller. A SKU without a stock row has nothing available.
CREATE FUNCTION "assert_available"(p_skus TEXT[], p_quantities INTEGER[]) RETURNS VOID
LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $$
DECLARE
    v_sku TEXT;
    v_requested INTEGER;
    v_available INTEGER;
BEGIN
    SELECT l.sku, l.quantity, greatest(coalesce(s."on_hand" - s."reserved", 0), 0)
      INTO v_sku, v_requested, v_available
      FROM unnest(p_skus, p_quantities) AS l(sku, quantity)
      LEFT JOIN "stock_items" s ON s."sku" = l.sku
     WHERE coalesce(s."on_hand" - s."reserved", 0) < l.quantity
     ORDER BY l.sku
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING
            ERRCODE = 'INSTK',
            MESSAGE = format('Not enough stock for %s: %s requested, %s available', v_sku, v_requested, v_available),
            DETAIL = jsonb_build_object('sku', v_sku, 'requested', v_requested, 'available', v_available)::text;
    END IF;
END
$$;

-- The reservation as the API returns it.
CREATE FUNCTION "reservation_json"(p_id UUID) RETURNS JSONB
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT jsonb_build_object(
        'status', r."status",
        'expiresAt', r."expires_at",
        'lines', coalesce((SELECT jsonb_agg(jsonb_build_object('sku', l."sku", 'quantity', l."quantity") ORDER BY l."sku")
                             FROM "reservation_lines" l WHERE l."reservation_id" = r."id"), '[]'::jsonb))
      FROM "reservations" r WHERE r."id" = p_id
$$;

-- All-or-nothing reservation, idempotent on p_id (repeated SKUs are summed). The reservation row is
-- inserted first: a concurrent duplicate waits on it, then returns the winner's reservation (or, if
-- the winner rolled back, reserves itself).
-- → {"kind":"created","expiresAt","lines","changed"} | {"kind":"existing","status","expiresAt","lines"}
CREATE FUNCTION "reserve_stock"(p_id UUID, p_skus TEXT[], p_quantities INTEGER[], p_ttl_seconds INTEGER, p_actor TEXT) RETURNS JSONB
LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $$
DECLARE
    v_expires_at TIMESTAMPTZ(3);
    v_skus TEXT[];
    v_quantities INTEGER[];
    v_changed JSONB;
BEGIN
    INSERT INTO "reservations" ("id", "status", "expires_at")
    VALUES (p_id, 'active', now() + make_interval(secs => p_ttl_seconds))
    ON CONFLICT ("id") DO NOTHING
    RETURNING "expires_at" INTO v_expires_at;
    IF NOT FOUND THEN
        RETURN jsonb_build_object('kind', 'existing') || reservation_json(p_id);
    END IF;

    SELECT array_agg(l.sku ORDER BY l.sku), array_agg(l.quantity ORDER BY l.sku)
      INTO v_skus, v_quantities
      FROM (SELECT sku, sum(quantity)::INTEGER AS quantity FROM unnest(p_skus, p_quantities) AS t(sku, quantity) GROUP BY sku) l;

    PERFORM 1 FROM "stock_items" WHERE "sku" = ANY (v_skus) ORDER BY "sku" FOR UPDATE;
    PERFORM assert_available(v_skus, v_quantities);

    INSERT INTO "reservation_lines" ("reservation_id", "sku", "quantity")
    SELECT p_id, l.sku, l.quantity FROM unnest(v_skus, v_quantities) AS l(sku, quantity);
    v_changed := apply_stock_changes(v_skus, array_fill(0, ARRAY[cardinality(v_skus)]), v_quantities, 'reserve', p_actor, NULL, p_id);

    RETURN jsonb_build_object(
        'kind', 'created',
        'expiresAt', v_expires_at,
        'lines', (SELECT jsonb_agg(jsonb_build_object('sku', l.sku, 'quantity', l.quantity) ORDER BY l.sku)
                    FROM unnest(v_skus, v_quantities) AS l(sku, quantity)),
        'changed', v_changed);
END
$$;

-- Takes the reserved units out of stock. An active reservation turns its hold into the sale; an
-- expired or released one has given its hold back, so its units are taken again from what is
-- available now (all or nothing, else INSTK). Idempotent.
-- → {"kind":"done","status":"committed","changed"} | {"kind":"not_found"} | {"kind":"invalid_state","status"}
CREATE FUNCTION "commit_reservation"(p_id UUID, p_actor TEXT) RETURNS JSONB
LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $$
DECLARE
    v_status "reservation_status";
    v_held BOOLEAN;
    v_skus TEXT[];
    v_quantities INTEGER[];
    v_changed JSONB;
BEGIN
    SELECT "status" INTO v_status FROM "reservations" WHERE "id" = p_id FOR UPDATE;
    IF NOT FOUND THEN RETURN '{"kind":"not_found"}'::jsonb; END IF;
    IF v_status = 'committed' THEN RETURN '{"kind":"done","status":"committed","changed":[]}'::jsonb; END IF;
    IF v_status = 'returned' THEN RETURN jsonb_build_object('kind', 'invalid_state', 'status', v_status); END IF;

    SELECT array_agg("sku" ORDER BY "sku"), array_agg("quantity" ORDER BY "sku")
      INTO v_skus, v_quantities FROM "reservation_lines" WHERE "reservation_id" = p_id;
    v_skus := coalesce(v_skus, '{}');
    v_quantities := coalesce(v_quantities, '{}');
    PERFORM 1 FROM "stock_items" WHERE "sku" = ANY (v_skus) ORDER BY "sku" FOR UPDATE;
    v_held := v_status = 'active';
    IF NOT v_held THEN
        PERFORM assert_available(v_skus, v_quantities);
    END IF;
    v_changed := apply_stock_changes(
        v_skus,
        (SELECT coalesce(array_agg(-q), '{}') FROM unnest(v_quantities) AS q),
        CASE WHEN v_held THEN (SELECT coalesce(array_agg(-q), '{}') FROM unnest(v_quantities) AS q)
             ELSE array_fill(0, ARRAY[cardinality(v_skus)]) END,
        'commit', p_actor, CASE WHEN v_held THEN NULL ELSE 're-taken after ' || v_status END, p_id);
    UPDATE "reservations" SET "status" = 'committed', "updated_at" = now() WHERE "id" = p_id;
    RETURN jsonb_build_object('kind', 'done', 'status', 'committed', 'changed', v_changed);
END
$$;

-- Gives an active reservation's units back. An unknown id is recorded as released (no lines), so a
-- reserve for it arriving late holds nothing. Idempotent; committed/returned → invalid_state.
-- → {"kind":"done","status":"released"|"expired","changed"} | {"kind":"invalid_state","status"}
CREATE FUNCTION "release_reservation"(p_id UUID, p_reason TEXT, p_actor TEXT) RETURNS JSONB
LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $$
DECLARE
    v_status "reservation_status";
    v_skus TEXT[];
    v_quantities INTEGER[];
    v_changed JSONB;
BEGIN
    INSERT INTO "reservations" ("id", "status", "expires_at") VALUES (p_id, 'released', now()) ON CONFLICT ("id") DO NOTHING;
    SELECT "status" INTO v_status FROM "reservations" WHERE "id" = p_id FOR UPDATE;
    IF NOT FOUND THEN RAISE EXCEPTION 'reservation % vanished', p_id; END IF;
    IF v_status IN ('released', 'expired') THEN RETURN jsonb_build_object('kind', 'done', 'status', v_status, 'changed', '[]'::jsonb); END IF;
    IF v_status <> 'active' THEN RETURN jsonb_build_object('kind', 'invalid_state', 'status', v_status); END IF;

    SELECT coalesce(array_agg("sku" ORDER BY "sku"), '{}'), coalesce(array_agg(-"quantity" ORDER BY "sku"), '{}')
      INTO v_skus, v_quantities FROM "reservation_lines" WHERE "reservation_id" = p_id;
    PERFORM 1 FROM "stock_items" WHERE "sku" = ANY (v_skus) ORDER BY "sku" FOR UPDATE;
    v_changed := apply_stock_changes(v_skus, array_fill(0, ARRAY[cardinality(v_skus)]), v_quantities, 'release', p_actor, p_reason, p_id);
    UPDATE "reservations" SET "status" = 'released', "updated_at" = now() WHERE "id" = p_id;
    RETURN jsonb_build_object('kind', 'done', 'status', 'released', 'changed', v_changed);
END
$$;

-- Puts a committed reservation's units back on hand (order cancelled or refunded before shipping).
-- Idempotent; any other state → invalid_state.
-- → {"kind":"done","status":"returned","changed"} | {"kind":"not_found"} | {"kind":"invalid_state","status"}
CREATE FUNCTION "restock_reservation"(p_id UUID, p_reason TEXT, p_actor TEXT) RETURNS JSONB
LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $$
DECLARE
    v_status "reservation_status";
    v_skus TEXT[];
    v_quantities INTEGER[];
    v_changed JSONB;
BEGIN
    SELECT "status" INTO v_status FROM "reservations" WHERE "id" = p_id FOR UPDATE;
    IF NOT FOUND THEN RETURN '{"kind":"not_found"}'::jsonb; END IF;
    IF v_status = 'returned' THEN RETURN '{"kind":"done","status":"returned","changed":[]}'::jsonb; END IF;
    IF v_status <> 'committed' THEN RETURN jsonb_build_object('kind', 'invalid_state', 'status', v_status); END IF;

    SELECT coalesce(array_agg("sku" ORDER BY "sku"), '{}'), coalesce(array_agg("quantity" ORDER BY "sku"), '{}')
      INTO v_skus, v_quantities FROM "reservation_lines" WHERE "reservation_id" = p_id;
    PERFORM 1 FROM "stock_items" WHERE "sku" = ANY (v_skus) ORDER BY "sku" FOR UPDATE;
    v_changed := apply_stock_changes(v_skus, v_quantities, array_fill(0, ARRAY[cardinality(v_skus)]), 'return', p_actor, p_reason, p_id);
    UPDATE "reservations" SET "status" = 'returned', "updated_at" = now() WHERE "id" = p_id;
    RETURN jsonb_build_object('kind', 'done', 'status', 'returned', 'changed', v_changed);
END
$$;

-- Expires up to p_limit active reservations past their expiry. FOR UPDATE SKIP LOCKED: replicas sweep
-- side by side without double-releasing, and a reservation being committed right now is skipped.
-- → {"expired": n, "changed"}
CREATE FUNCTION "expire_reservations"(p_limit INTEGER) RETURNS JSONB
LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $$
DECLARE
    v_ids UUID[];
    v_id UUID;
    v_skus TEXT[];
    v_quantities INTEGER[];
    v_changed JSONB := '[]'::jsonb;
BEGIN
    SELECT array_agg(c."id" ORDER BY c."expires_at") INTO v_ids FROM (
        SELECT "id", "expires_at" FROM "reservations"
         WHERE "status" = 'active' AND "expires_at" <= now()
         ORDER BY "expires_at" LIMIT p_limit
           FOR UPDATE SKIP LOCKED) c;
    IF v_ids IS NULL THEN RETURN '{"expired":0,"changed":[]}'::jsonb; END IF;

    PERFORM 1 FROM "stock_items"
      WHERE "sku" IN (SELECT "sku" FROM "reservation_lines" WHERE "reservation_id" = ANY (v_ids))
      ORDER BY "sku" FOR UPDATE;
    FOREACH v_id IN ARRAY v_ids LOOP
        SELECT array_agg("sku" ORDER BY "sku"), array_agg(-"quantity" ORDER BY "sku")
          INTO v_skus, v_quantities FROM "reservation_lines" WHERE "reservation_id" = v_id;
        IF v_skus IS NOT NULL THEN
            v_changed := v_changed || apply_stock_changes(v_skus, array_fill(0, ARRAY[cardinality(v_skus)]), v_quantities,
                                                          'expire', 'sweeper', 'reservation expired', v_id);
        END IF;
    END LOOP;
    UPDATE "reservations" SET "status" = 'expired', "updated_at" = now() WHERE "id" = ANY (v_ids);
    RETURN jsonb_build_object('expired', cardinality(v_ids), 'changed', v_changed);
END
$$;

-- Sets the units on hand (admin count). p_create (the catalog knows the SKU) starts a row at 0 first.
-- Refuses to go below the units held by active reservations.
-- → {"kind":"done","stock","changed"} | {"kind":"unknown_sku"} | {"kind":"below_reserved","reserved"}
CREATE FUNCTION "set_stock"(p_sku TEXT, p_on_hand INTEGER, p_reason TEXT, p_actor TEXT, p_create BOOLEAN) RETURNS JSONB
LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $$
DECLARE
    v_on_hand INTEGER;
    v_reserved INTEGER;
    v_changed JSONB := '[]'::jsonb;
BEGIN
    IF p_create THEN
        INSERT INTO "stock_items" ("sku") VALUES (p_sku) ON CONFLICT ("sku") DO NOTHING;
    END IF;
    SELECT "on_hand", "reserved" INTO v_on_hand, v_reserved FROM "stock_items" WHERE "sku" = p_sku FOR UPDATE;
    IF NOT FOUND THEN RETURN '{"kind":"unknown_sku"}'::jsonb; END IF;
    IF p_on_hand < v_reserved THEN RETURN jsonb_build_object('kind', 'below_reserved', 'reserved', v_reserved); END IF;
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
