-- Session epochs (packages/api/src/identity/README.md): every access token carries the epoch of
-- its user at issue time (claim `sev`); a role change, disable, password change or logout bumps
-- it, so tokens issued before stop working within the verifiers' cache window. `disabled_at`
-- marks an account an admin disabled.

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "session_epoch" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "disabled_at" TIMESTAMPTZ(3);
