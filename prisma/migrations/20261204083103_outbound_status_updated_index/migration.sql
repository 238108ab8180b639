-- CreateIndex
CREATE INDEX "OutboundMessage_status_updatedAt_idx" ON "OutboundMessage"("status", "updatedAt");

