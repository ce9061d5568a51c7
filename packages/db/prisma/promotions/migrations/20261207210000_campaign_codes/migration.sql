-- Promotions: a single-use code can be assigned to one recipient of one campaign (notifications'
-- campaigns with unique codes). The unique index makes the assignment exactly once per
-- (campaign, recipient): a retried or concurrent send finds the code it assigned before.

-- AlterTable
ALTER TABLE "codes" ADD COLUMN "campaign_id" UUID,
ADD COLUMN "recipient_key" TEXT,
ADD COLUMN "assigned_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE UNIQUE INDEX "codes_campaign_id_recipient_key_key" ON "codes"("campaign_id", "recipient_key");
