-- CreateEnum
CREATE TYPE "DeliveryRoute" AS ENUM ('RELAY', 'MICROSOFT_365', 'OTHER_SMTP');

-- CreateEnum
CREATE TYPE "DeliverabilityVerdict" AS ENUM ('DELIVERED', 'LIKELY_SPAM', 'REJECTED_BY_STRICT_RECEIVERS', 'ERROR');

-- CreateTable
CREATE TABLE "DeliverabilityCheck" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "companyDomainId" UUID NOT NULL,
    "route" "DeliveryRoute" NOT NULL,
    "serverHost" TEXT NOT NULL DEFAULT '',
    "verdict" "DeliverabilityVerdict" NOT NULL,
    "findings" JSONB NOT NULL DEFAULT '[]',
    "checkedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeliverabilityCheck_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DeliverabilityCheck_companyDomainId_checkedAt_idx" ON "DeliverabilityCheck"("companyDomainId", "checkedAt");

-- CreateIndex
CREATE INDEX "DeliverabilityCheck_tenantId_idx" ON "DeliverabilityCheck"("tenantId");

-- AddForeignKey
ALTER TABLE "DeliverabilityCheck" ADD CONSTRAINT "DeliverabilityCheck_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeliverabilityCheck" ADD CONSTRAINT "DeliverabilityCheck_companyDomainId_fkey" FOREIGN KEY ("companyDomainId") REFERENCES "CompanyDomain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

