-- CreateEnum
CREATE TYPE "AccessRequestStatus" AS ENUM ('PENDING', 'APPROVED', 'DECLINED');

-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "requireSupportApproval" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "SupportImpersonation" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "supportUserId" UUID NOT NULL,
    "portalSessionId" UUID NOT NULL,
    "accessRequestId" UUID,
    "reason" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "steppedUpAt" TIMESTAMPTZ(3),
    "endedAt" TIMESTAMPTZ(3),
    "endReason" TEXT,

    CONSTRAINT "SupportImpersonation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SupportAccessRequest" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "supportUserId" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "AccessRequestStatus" NOT NULL DEFAULT 'PENDING',
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SupportAccessRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SupportImpersonation_portalSessionId_endedAt_idx" ON "SupportImpersonation"("portalSessionId", "endedAt");

-- CreateIndex
CREATE INDEX "SupportImpersonation_tenantId_startedAt_idx" ON "SupportImpersonation"("tenantId", "startedAt");

-- CreateIndex
CREATE INDEX "SupportAccessRequest_tenantId_createdAt_idx" ON "SupportAccessRequest"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "SupportAccessRequest_supportUserId_idx" ON "SupportAccessRequest"("supportUserId");

-- AddForeignKey
ALTER TABLE "SupportImpersonation" ADD CONSTRAINT "SupportImpersonation_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportImpersonation" ADD CONSTRAINT "SupportImpersonation_supportUserId_fkey" FOREIGN KEY ("supportUserId") REFERENCES "PortalUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportImpersonation" ADD CONSTRAINT "SupportImpersonation_portalSessionId_fkey" FOREIGN KEY ("portalSessionId") REFERENCES "PortalSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportAccessRequest" ADD CONSTRAINT "SupportAccessRequest_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportAccessRequest" ADD CONSTRAINT "SupportAccessRequest_supportUserId_fkey" FOREIGN KEY ("supportUserId") REFERENCES "PortalUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- ---------------------------------------------------------------------------------------------
-- Hand-written: the application role, row-level security and the append-only audit log.
-- Migrations keep running as the owner (postgres); the API and the worker connect as
-- postwerk_app, which owns nothing, is no superuser and so cannot bypass row-level security.
-- ---------------------------------------------------------------------------------------------

-- Roles are cluster-wide, so several databases (dev, test) share one; create it only once.
-- No password here: set one per installation (ALTER ROLE postwerk_app PASSWORD '...') unless
-- pg_hba trusts local connections.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'postwerk_app') THEN
    CREATE ROLE postwerk_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO postwerk_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO postwerk_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO postwerk_app;
-- Tables of later migrations (created by the same owner) get the same rights.
ALTER DEFAULT PRIVILEGES IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO postwerk_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO postwerk_app;
REVOKE ALL ON "_prisma_migrations" FROM postwerk_app;

-- Audit rows are append-only for the application: it may write and read them, never change
-- or remove them. (A REVOKE rather than a trigger, so that deleting a whole tenant, which
-- cascades as the table owner, still works.)
REVOKE UPDATE, DELETE, TRUNCATE ON "AuditEvent" FROM postwerk_app;

-- The tenant of the current transaction, set by the application with
-- set_config('app.tenant_id', <uuid>, true); NULL when none is set, and then every policy
-- below matches nothing.
CREATE OR REPLACE FUNCTION postwerk_current_tenant() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;

-- The narrow "system" context (set_config('app.bypass_rls', 'on', true)) for the few lookups
-- that must cross tenants before a tenant is known; each caller is documented in the code
-- (packages/db/src/tenant-scope.ts lists them).
CREATE OR REPLACE FUNCTION postwerk_rls_bypassed() RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT coalesce(current_setting('app.bypass_rls', true), '') = 'on' $$;

GRANT EXECUTE ON FUNCTION postwerk_current_tenant() TO postwerk_app;
GRANT EXECUTE ON FUNCTION postwerk_rls_bypassed() TO postwerk_app;

-- Every table with a "tenantId" column: rows are visible and writable only for that tenant.
-- FORCE applies the policy to the table owner too, in case an installation runs the
-- application as the owner (superusers still bypass it).
DO $$
DECLARE
  tbl text;
BEGIN
  FOR tbl IN
    SELECT c.table_name FROM information_schema.columns c
    JOIN information_schema.tables t
      ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = 'public' AND c.column_name = 'tenantId' AND t.table_type = 'BASE TABLE'
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tbl);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tbl);
    EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %I', tbl);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING ("tenantId" = postwerk_current_tenant() '
      'OR postwerk_rls_bypassed()) WITH CHECK ("tenantId" = postwerk_current_tenant() '
      'OR postwerk_rls_bypassed())',
      tbl
    );
  END LOOP;
END
$$;

-- The tenant row itself.
ALTER TABLE "Tenant" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Tenant" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Tenant"
  USING ("id" = postwerk_current_tenant() OR postwerk_rls_bypassed())
  WITH CHECK ("id" = postwerk_current_tenant() OR postwerk_rls_bypassed());

-- Protocol lines carry no tenantId: a line is visible when its session log is (the subquery
-- runs under SessionLog's own policy).
ALTER TABLE "SessionLogLine" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "SessionLogLine" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "SessionLogLine"
  USING (EXISTS (SELECT 1 FROM "SessionLog" s WHERE s."id" = "sessionLogId"))
  WITH CHECK (EXISTS (SELECT 1 FROM "SessionLog" s WHERE s."id" = "sessionLogId"));

-- PortalSession has no row-level security on purpose: a session is found by the SHA-256 of
-- its cookie token before anyone knows the tenant, holds no tenant data, and its user row
-- (PortalUser, which does have a policy) is read in the system context.
