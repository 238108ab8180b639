-- CreateEnum
CREATE TYPE "OutboundServerSource" AS ENUM ('COMPANY_SERVER', 'MAILBOX_SERVER', 'RELAY');

-- AlterTable
ALTER TABLE "OutboundMessage" ADD COLUMN     "companyId" UUID,
ADD COLUMN     "outgoingServerId" UUID,
ADD COLUMN     "serverSource" "OutboundServerSource";

-- AlterTable
ALTER TABLE "SettingsTestRun" ADD COLUMN     "companyId" UUID;

-- AddForeignKey
ALTER TABLE "OutboundMessage" ADD CONSTRAINT "OutboundMessage_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SettingsTestRun" ADD CONSTRAINT "SettingsTestRun_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE SET NULL ON UPDATE CASCADE;
