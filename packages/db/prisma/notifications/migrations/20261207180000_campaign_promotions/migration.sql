-- Notifications: a campaign may carry a promotion code (the promotion, shared or unique codes, and
-- what the e-mail shows of it, as it was when the campaign was saved).

-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN "promotion" JSONB;
