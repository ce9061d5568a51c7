-- Inventory: stock per SKU, reservations, movement history and the outbox.

CREATE TYPE "reservation_status" AS ENUM ('active', 'committed', 'released', 'expired', 'returned');
CREATE TYPE "movement_kind" AS ENUM ('reserve', 'commit', 'release', 'expire', 'adjust', 'return');

CREATE TABLE "stock_items" (
    "sku" TEXT NOT NULL,
    "on_hand" INTEGER NOT NULL DEFAULT 0,
    "reserved" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "stock_items_pkey" PRIMARY KEY ("sku"),
    -- Never more reserved than on hand: units sold (committed from reservations) cannot exceed stock.
    CONSTRAINT "stock_items_on_hand_check" CHECK ("on_hand" >= 0),
    CONSTRAINT "stock_items_reserved_check" CHECK ("reserved" >= 0 AND "reserved" <= "on_hand")
);

CREATE TABLE "reservations" (
    "id" UUID NOT NULL,
    "status" "reservation_status" NOT NULL DEFAULT 'active',
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "reservations_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "reservations_status_expires_at_idx" ON "reservations"("status", "expires_at");

CREATE TABLE "reservation_lines" (
    "reservation_id" UUID NOT NULL,
    "sku" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    CONSTRAINT "reservation_lines_pkey" PRIMARY KEY ("reservation_id", "sku"),
    CONSTRAINT "reservation_lines_quantity_check" CHECK ("quantity" > 0)
);
ALTER TABLE "reservation_lines" ADD CONSTRAINT "reservation_lines_reservation_id_fkey"
    FOREIGN KEY ("reservation_id") REFERENCES "reservations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "movements" (
    "id" BIGSERIAL NOT NULL,
    "sku" TEXT NOT NULL,
    "kind" "movement_kind" NOT NULL,
    "quantity" INTEGER NOT NULL,
    "on_hand_after" INTEGER NOT NULL,
    "reserved_after" INTEGER NOT NULL,
    "reason" TEXT,
    "actor" TEXT NOT NULL,
    "reservation_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "movements_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "movements_sku_id_idx" ON "movements"("sku", "id");

CREATE TABLE "outbox_events" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "outbox_events_published_at_occurred_at_idx" ON "outbox_events"("published_at", "occurred_at");
