-- The admin's sales summary (orders.summary) counts an order on the day its payment succeeded, which
-- is the time of its `paid` status-history row: it reads the paid rows of a date range by this index.

-- CreateIndex
CREATE INDEX "order_status_history_to_status_created_at_idx" ON "order_status_history"("to_status", "created_at");
