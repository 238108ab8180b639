-- AlterTable
ALTER TABLE "OutboundMessage" ADD COLUMN     "payloadHash" TEXT;

-- AlterTable
ALTER TABLE "SettingsTestRun" ADD COLUMN     "marker" TEXT;

