-- The customer list and its export (GET /users, GET /users/export) sort by creation time or name,
-- ties by id. Without an index on those keys every keyset page of the export sorted all matching
-- accounts again (a full scan per page: quadratic over 100,000 customers); with them a page starts
-- at the cursor in the index and reads only its own rows. created_desc reads (created_at, id)
-- backwards; email_asc uses the unique e-mail index (the id tie never occurs).
CREATE INDEX "users_created_at_id_idx" ON "users"("created_at", "id");

CREATE INDEX "users_name_id_idx" ON "users"("name", "id");
