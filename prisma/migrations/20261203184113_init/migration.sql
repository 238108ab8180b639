-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "SendRoute" AS ENUM ('RELAY', 'EXTERNAL');

-- CreateEnum
CREATE TYPE "MailboxKind" AS ENUM ('EMPLOYEE', 'PUBLIC');

-- CreateEnum
CREATE TYPE "MailboxStatus" AS ENUM ('UNTESTED', 'OK', 'SIGN_IN_REQUIRED', 'SEND_FAILED', 'FETCH_FAILED');

-- CreateEnum
CREATE TYPE "TransportSecurity" AS ENUM ('STARTTLS', 'TLS', 'NONE');

-- CreateEnum
CREATE TYPE "AuthMethod" AS ENUM ('NONE', 'PASSWORD', 'OAUTH2');

-- CreateEnum
CREATE TYPE "IncomingProtocol" AS ENUM ('POP3');

-- CreateEnum
CREATE TYPE "PortalRole" AS ENUM ('FIRM_ADMIN', 'SUPPORT');

-- CreateEnum
CREATE TYPE "LinkStatus" AS ENUM ('ACTIVE', 'DEAD');

-- CreateEnum
CREATE TYPE "MailProtocol" AS ENUM ('SMTP', 'POP3');

-- CreateEnum
CREATE TYPE "LogDirection" AS ENUM ('CLIENT', 'SERVER', 'INFO');

-- CreateEnum
CREATE TYPE "OutboundStatus" AS ENUM ('QUEUED', 'SENDING', 'SENT', 'FAILED');

-- CreateEnum
CREATE TYPE "SettingsTestKind" AS ENUM ('INCOMING', 'FULL_LOOP');

-- CreateEnum
CREATE TYPE "SettingsTestStatus" AS ENUM ('QUEUED', 'RUNNING', 'PASSED', 'FAILED');

-- CreateTable
CREATE TABLE "Tenant" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TenantSettings" (
    "tenantId" UUID NOT NULL,
    "sendRoute" "SendRoute" NOT NULL DEFAULT 'RELAY',
    "directConnection" BOOLEAN NOT NULL DEFAULT false,
    "logSmtpSessions" BOOLEAN NOT NULL DEFAULT false,
    "fetchFromIncoming" BOOLEAN NOT NULL DEFAULT false,
    "logPop3Sessions" BOOLEAN NOT NULL DEFAULT false,
    "serversPerCompany" BOOLEAN NOT NULL DEFAULT false,
    "gobdDuplication" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TenantSettings_pkey" PRIMARY KEY ("tenantId")
);

-- CreateTable
CREATE TABLE "Company" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Company_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CompanyDomain" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "domain" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CompanyDomain_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Mailbox" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "kind" "MailboxKind" NOT NULL,
    "code" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "externalAddress" TEXT NOT NULL,
    "relayAddress" TEXT NOT NULL,
    "incomingRelayAddress" TEXT NOT NULL,
    "outgoingServerId" UUID,
    "incomingServerId" UUID,
    "keepCopyOnServer" BOOLEAN NOT NULL DEFAULT false,
    "pollIntervalMinutes" INTEGER NOT NULL DEFAULT 5,
    "status" "MailboxStatus" NOT NULL DEFAULT 'UNTESTED',
    "statusCode" TEXT,
    "lastSentAt" TIMESTAMPTZ(3),
    "lastPolledAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Mailbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutgoingServer" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "security" "TransportSecurity" NOT NULL,
    "authMethod" "AuthMethod" NOT NULL,
    "username" TEXT,
    "passwordCipher" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OutgoingServer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncomingServer" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "protocol" "IncomingProtocol" NOT NULL DEFAULT 'POP3',
    "security" "TransportSecurity" NOT NULL,
    "authMethod" "AuthMethod" NOT NULL,
    "username" TEXT,
    "passwordCipher" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "IncomingServer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MailboxCompanyServer" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "mailboxId" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "outgoingServerId" UUID,
    "incomingServerId" UUID,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MailboxCompanyServer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MicrosoftAccountLink" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "mailboxId" UUID NOT NULL,
    "upn" TEXT NOT NULL,
    "email" TEXT,
    "msTenantId" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "refreshTokenCipher" TEXT NOT NULL,
    "accessTokenCipher" TEXT,
    "accessTokenExpiresAt" TIMESTAMPTZ(3),
    "status" "LinkStatus" NOT NULL DEFAULT 'ACTIVE',
    "deadCode" TEXT,
    "identityMismatch" BOOLEAN NOT NULL DEFAULT false,
    "lastRefreshAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MicrosoftAccountLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OAuthState" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "mailboxId" UUID NOT NULL,
    "stateHash" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "codeVerifierCipher" TEXT NOT NULL,
    "portalSessionId" UUID,
    "consentLinkId" UUID,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OAuthState_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentLink" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "mailboxId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdById" UUID,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PortalUser" (
    "id" UUID NOT NULL,
    "tenantId" UUID,
    "role" "PortalRole" NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "lastLoginAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PortalUser_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PortalSession" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PortalSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" UUID NOT NULL,
    "tenantId" UUID,
    "actorUserId" UUID,
    "action" TEXT NOT NULL,
    "targetType" TEXT,
    "targetId" TEXT,
    "reason" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MailboxEvent" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "mailboxId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "resolvedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MailboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SessionLog" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "mailboxId" UUID,
    "protocol" "MailProtocol" NOT NULL,
    "host" TEXT NOT NULL,
    "outcome" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMPTZ(3),

    CONSTRAINT "SessionLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SessionLogLine" (
    "id" BIGSERIAL NOT NULL,
    "sessionLogId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "direction" "LogDirection" NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "SessionLogLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboundMessage" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "mailboxId" UUID NOT NULL,
    "idempotencyKey" TEXT,
    "envelopeFrom" TEXT NOT NULL,
    "recipients" TEXT[],
    "raw" BYTEA NOT NULL,
    "status" "OutboundStatus" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "smtpResponse" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OutboundMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReceivedMessage" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "mailboxId" UUID NOT NULL,
    "raw" BYTEA NOT NULL,
    "size" INTEGER NOT NULL,
    "messageId" TEXT,
    "subject" TEXT,
    "fromAddress" TEXT,
    "fromName" TEXT,
    "sentDate" TIMESTAMPTZ(3),
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReceivedMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Pop3UidlEntry" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "mailboxId" UUID NOT NULL,
    "incomingServerId" UUID NOT NULL,
    "uidl" TEXT NOT NULL,
    "receivedMessageId" UUID,
    "storedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Pop3UidlEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SettingsTestRun" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "mailboxId" UUID NOT NULL,
    "kind" "SettingsTestKind" NOT NULL,
    "status" "SettingsTestStatus" NOT NULL DEFAULT 'QUEUED',
    "steps" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "SettingsTestRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Tenant_slug_key" ON "Tenant"("slug");

-- CreateIndex
CREATE INDEX "Company_tenantId_idx" ON "Company"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "Company_tenantId_name_key" ON "Company"("tenantId", "name");

-- CreateIndex
CREATE INDEX "CompanyDomain_companyId_idx" ON "CompanyDomain"("companyId");

-- CreateIndex
CREATE UNIQUE INDEX "CompanyDomain_tenantId_domain_key" ON "CompanyDomain"("tenantId", "domain");

-- CreateIndex
CREATE INDEX "Mailbox_tenantId_idx" ON "Mailbox"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "Mailbox_tenantId_code_key" ON "Mailbox"("tenantId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Mailbox_tenantId_externalAddress_key" ON "Mailbox"("tenantId", "externalAddress");

-- CreateIndex
CREATE INDEX "OutgoingServer_tenantId_idx" ON "OutgoingServer"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "OutgoingServer_tenantId_name_key" ON "OutgoingServer"("tenantId", "name");

-- CreateIndex
CREATE INDEX "IncomingServer_tenantId_idx" ON "IncomingServer"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "IncomingServer_tenantId_name_key" ON "IncomingServer"("tenantId", "name");

-- CreateIndex
CREATE INDEX "MailboxCompanyServer_tenantId_idx" ON "MailboxCompanyServer"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "MailboxCompanyServer_mailboxId_companyId_key" ON "MailboxCompanyServer"("mailboxId", "companyId");

-- CreateIndex
CREATE UNIQUE INDEX "MicrosoftAccountLink_mailboxId_key" ON "MicrosoftAccountLink"("mailboxId");

-- CreateIndex
CREATE INDEX "MicrosoftAccountLink_tenantId_idx" ON "MicrosoftAccountLink"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "OAuthState_stateHash_key" ON "OAuthState"("stateHash");

-- CreateIndex
CREATE INDEX "OAuthState_tenantId_idx" ON "OAuthState"("tenantId");

-- CreateIndex
CREATE INDEX "OAuthState_mailboxId_idx" ON "OAuthState"("mailboxId");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentLink_tokenHash_key" ON "ConsentLink"("tokenHash");

-- CreateIndex
CREATE INDEX "ConsentLink_tenantId_idx" ON "ConsentLink"("tenantId");

-- CreateIndex
CREATE INDEX "ConsentLink_mailboxId_idx" ON "ConsentLink"("mailboxId");

-- CreateIndex
CREATE UNIQUE INDEX "PortalUser_email_key" ON "PortalUser"("email");

-- CreateIndex
CREATE INDEX "PortalUser_tenantId_idx" ON "PortalUser"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "PortalSession_tokenHash_key" ON "PortalSession"("tokenHash");

-- CreateIndex
CREATE INDEX "PortalSession_userId_idx" ON "PortalSession"("userId");

-- CreateIndex
CREATE INDEX "AuditEvent_tenantId_createdAt_idx" ON "AuditEvent"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "MailboxEvent_tenantId_createdAt_idx" ON "MailboxEvent"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "MailboxEvent_mailboxId_idx" ON "MailboxEvent"("mailboxId");

-- CreateIndex
CREATE INDEX "SessionLog_tenantId_startedAt_idx" ON "SessionLog"("tenantId", "startedAt");

-- CreateIndex
CREATE INDEX "SessionLog_mailboxId_idx" ON "SessionLog"("mailboxId");

-- CreateIndex
CREATE INDEX "SessionLogLine_sessionLogId_id_idx" ON "SessionLogLine"("sessionLogId", "id");

-- CreateIndex
CREATE INDEX "OutboundMessage_tenantId_createdAt_idx" ON "OutboundMessage"("tenantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutboundMessage_mailboxId_idempotencyKey_key" ON "OutboundMessage"("mailboxId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "ReceivedMessage_mailboxId_receivedAt_idx" ON "ReceivedMessage"("mailboxId", "receivedAt");

-- CreateIndex
CREATE INDEX "ReceivedMessage_tenantId_idx" ON "ReceivedMessage"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "Pop3UidlEntry_receivedMessageId_key" ON "Pop3UidlEntry"("receivedMessageId");

-- CreateIndex
CREATE INDEX "Pop3UidlEntry_tenantId_idx" ON "Pop3UidlEntry"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "Pop3UidlEntry_mailboxId_incomingServerId_uidl_key" ON "Pop3UidlEntry"("mailboxId", "incomingServerId", "uidl");

-- CreateIndex
CREATE INDEX "SettingsTestRun_mailboxId_createdAt_idx" ON "SettingsTestRun"("mailboxId", "createdAt");

-- CreateIndex
CREATE INDEX "SettingsTestRun_tenantId_idx" ON "SettingsTestRun"("tenantId");

-- AddForeignKey
ALTER TABLE "TenantSettings" ADD CONSTRAINT "TenantSettings_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Company" ADD CONSTRAINT "Company_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompanyDomain" ADD CONSTRAINT "CompanyDomain_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompanyDomain" ADD CONSTRAINT "CompanyDomain_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mailbox" ADD CONSTRAINT "Mailbox_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mailbox" ADD CONSTRAINT "Mailbox_outgoingServerId_fkey" FOREIGN KEY ("outgoingServerId") REFERENCES "OutgoingServer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mailbox" ADD CONSTRAINT "Mailbox_incomingServerId_fkey" FOREIGN KEY ("incomingServerId") REFERENCES "IncomingServer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutgoingServer" ADD CONSTRAINT "OutgoingServer_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncomingServer" ADD CONSTRAINT "IncomingServer_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MailboxCompanyServer" ADD CONSTRAINT "MailboxCompanyServer_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MailboxCompanyServer" ADD CONSTRAINT "MailboxCompanyServer_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MailboxCompanyServer" ADD CONSTRAINT "MailboxCompanyServer_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MailboxCompanyServer" ADD CONSTRAINT "MailboxCompanyServer_outgoingServerId_fkey" FOREIGN KEY ("outgoingServerId") REFERENCES "OutgoingServer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MailboxCompanyServer" ADD CONSTRAINT "MailboxCompanyServer_incomingServerId_fkey" FOREIGN KEY ("incomingServerId") REFERENCES "IncomingServer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MicrosoftAccountLink" ADD CONSTRAINT "MicrosoftAccountLink_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MicrosoftAccountLink" ADD CONSTRAINT "MicrosoftAccountLink_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OAuthState" ADD CONSTRAINT "OAuthState_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OAuthState" ADD CONSTRAINT "OAuthState_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentLink" ADD CONSTRAINT "ConsentLink_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentLink" ADD CONSTRAINT "ConsentLink_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentLink" ADD CONSTRAINT "ConsentLink_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "PortalUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PortalUser" ADD CONSTRAINT "PortalUser_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PortalSession" ADD CONSTRAINT "PortalSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "PortalUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorUserId_fkey" FOREIGN KEY ("actorUserId") REFERENCES "PortalUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MailboxEvent" ADD CONSTRAINT "MailboxEvent_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MailboxEvent" ADD CONSTRAINT "MailboxEvent_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionLog" ADD CONSTRAINT "SessionLog_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionLog" ADD CONSTRAINT "SessionLog_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionLogLine" ADD CONSTRAINT "SessionLogLine_sessionLogId_fkey" FOREIGN KEY ("sessionLogId") REFERENCES "SessionLog"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboundMessage" ADD CONSTRAINT "OutboundMessage_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboundMessage" ADD CONSTRAINT "OutboundMessage_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReceivedMessage" ADD CONSTRAINT "ReceivedMessage_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReceivedMessage" ADD CONSTRAINT "ReceivedMessage_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pop3UidlEntry" ADD CONSTRAINT "Pop3UidlEntry_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pop3UidlEntry" ADD CONSTRAINT "Pop3UidlEntry_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pop3UidlEntry" ADD CONSTRAINT "Pop3UidlEntry_incomingServerId_fkey" FOREIGN KEY ("incomingServerId") REFERENCES "IncomingServer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pop3UidlEntry" ADD CONSTRAINT "Pop3UidlEntry_receivedMessageId_fkey" FOREIGN KEY ("receivedMessageId") REFERENCES "ReceivedMessage"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SettingsTestRun" ADD CONSTRAINT "SettingsTestRun_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SettingsTestRun" ADD CONSTRAINT "SettingsTestRun_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "Mailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

