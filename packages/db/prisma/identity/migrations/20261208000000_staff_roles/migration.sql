-- Staff roles (issue #11): `admin` splits into owner, catalog_manager, order_manager, marketing and
-- analyst. Every existing admin becomes an owner (they could do everything before). PostgreSQL
-- cannot drop an enum value, so the type is rebuilt and the column converted in one statement.
-- Sessions are left alone: access tokens issued before carry role `admin`, which verifiers read
-- as owner (runtime/auth.ts), so nobody is signed out by the upgrade.

ALTER TYPE "role" RENAME TO "role_before_staff_roles";

CREATE TYPE "role" AS ENUM ('customer', 'owner', 'catalog_manager', 'order_manager', 'marketing', 'analyst');

ALTER TABLE "users" ALTER COLUMN "role" DROP DEFAULT;
ALTER TABLE "users"
  ALTER COLUMN "role" TYPE "role"
  USING (CASE "role"::text WHEN 'admin' THEN 'owner' ELSE "role"::text END)::"role";
ALTER TABLE "users" ALTER COLUMN "role" SET DEFAULT 'customer';

DROP TYPE "role_before_staff_roles";
