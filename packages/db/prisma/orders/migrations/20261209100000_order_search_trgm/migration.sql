-- The admin's order search matches part of the buyer's e-mail (ILIKE '%…%' on customer_email,
-- which holds guests' e-mails too) and a prefix of the order number; a b-tree cannot serve either,
-- so on 100,000 orders each search read the whole table (about half a second). Trigram indexes
-- serve both (pg_trgm lives in schema "public", created by the migration runner; hence the
-- schema-qualified operator class).
CREATE INDEX "orders_customer_email_trgm_idx" ON "orders" USING GIN ("customer_email" public.gin_trgm_ops);
CREATE INDEX "orders_number_trgm_idx" ON "orders" USING GIN ("number" public.gin_trgm_ops);
