-- Reserving a redemption in one round trip: the counters' row locks are held for microseconds (the
-- function's run and its commit), not for the client's round trips, so a popular code does not
-- queue checkouts behind each other. All or nothing: a limit that does not hold rolls the block
-- back (a savepoint) and says which.
--
-- Returns one row: outcome 'reserved' (this call took the uses), 'replay' (the order had its
-- redemption already: `stored` is its evaluation), 'usage_limit_reached' or 'already_used' (with
-- the promotion that refused).
CREATE FUNCTION promotions.reserve_redemption(
  p_order_id UUID,
  p_customer_key TEXT,
  p_discount INTEGER,
  p_evaluation JSONB,
  p_promotion_ids UUID[],
  p_code_ids UUID[],
  p_amounts INTEGER[],
  p_customer_limits INTEGER[]
) RETURNS TABLE (outcome TEXT, refused_promotion UUID, stored JSONB)
LANGUAGE plpgsql AS $$
DECLARE
  i INTEGER;
  hit_reason TEXT;
  hit_promotion UUID;
BEGIN
  INSERT INTO promotions.redemptions (order_id, customer_key, discount, evaluation)
  VALUES (p_order_id, p_customer_key, p_discount, p_evaluation)
  ON CONFLICT (order_id) DO NOTHING;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'replay'::TEXT, NULL::UUID, r.evaluation FROM promotions.redemptions r WHERE r.order_id = p_order_id;
    RETURN;
  END IF;
  BEGIN
    -- Promotions in id order, then codes, then the customer's usage: every reservation locks rows in the same order.
    FOR i IN SELECT o.i FROM unnest(p_promotion_ids) WITH ORDINALITY AS o(id, i) ORDER BY o.id LOOP
      UPDATE promotions.promotions SET used = used + 1
       WHERE id = p_promotion_ids[i] AND active AND (ends_at IS NULL OR ends_at > now()) AND (usage_limit IS NULL OR used < usage_limit);
      IF NOT FOUND THEN
        hit_reason := 'usage_limit_reached'; hit_promotion := p_promotion_ids[i];
        RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'limit';
      END IF;
    END LOOP;
    FOR i IN 1 .. coalesce(array_length(p_code_ids, 1), 0) LOOP
      CONTINUE WHEN p_code_ids[i] IS NULL;
      UPDATE promotions.codes SET used = used + 1 WHERE id = p_code_ids[i] AND (usage_limit IS NULL OR used < usage_limit);
      IF NOT FOUND THEN
        hit_reason := 'usage_limit_reached'; hit_promotion := p_promotion_ids[i];
        RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'limit';
      END IF;
    END LOOP;
    FOR i IN 1 .. coalesce(array_length(p_promotion_ids, 1), 0) LOOP
      CONTINUE WHEN p_customer_limits[i] IS NULL;
      INSERT INTO promotions.customer_usage AS u (promotion_id, customer_key, used) VALUES (p_promotion_ids[i], p_customer_key, 1)
      ON CONFLICT (promotion_id, customer_key) DO UPDATE SET used = u.used + 1 WHERE u.used < p_customer_limits[i];
      IF NOT FOUND THEN
        hit_reason := 'already_used'; hit_promotion := p_promotion_ids[i];
        RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'limit';
      END IF;
    END LOOP;
    INSERT INTO promotions.redemption_lines (order_id, promotion_id, code_id, amount)
    SELECT p_order_id, t.p, t.c, t.a FROM unnest(p_promotion_ids, p_code_ids, p_amounts) AS t(p, c, a);
  EXCEPTION WHEN SQLSTATE 'P0001' THEN
    -- The block's updates are undone; so is the redemption row (it never existed).
    DELETE FROM promotions.redemptions WHERE order_id = p_order_id;
    RETURN QUERY SELECT hit_reason, hit_promotion, NULL::JSONB;
    RETURN;
  END;
  RETURN QUERY SELECT 'reserved'::TEXT, NULL::UUID, NULL::JSONB;
END;
$$;
