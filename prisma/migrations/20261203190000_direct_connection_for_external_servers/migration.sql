-- Data migration: OAuth2 needs the workers to connect straight to the external server
-- ("Direktverbindung"). Tenants that already had an external outgoing server configured
-- get it switched on, so they do not have to find the setting before their first OAuth2 send.
UPDATE "TenantSettings" AS settings
SET "directConnection" = true
WHERE settings."directConnection" = false
  AND EXISTS (
    SELECT 1 FROM "OutgoingServer" AS server WHERE server."tenantId" = settings."tenantId"
  );
