-- The store's settings (store name, time zone, shipping and tax rules), saved by staff from the admin
-- (PUT /settings). At most one row (id 1); without it the environment's values apply (version 0).

-- CreateTable
CREATE TABLE "store_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "store_name" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "shipping_flat_cents" INTEGER NOT NULL,
    "free_shipping_threshold_cents" INTEGER NOT NULL,
    "default_tax_rate_ppm" INTEGER NOT NULL,
    "tax_rates" JSONB NOT NULL,
    "version" INTEGER NOT NULL,
    "updated_by" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "store_settings_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "store_settings_single_row" CHECK ("id" = 1)
);
