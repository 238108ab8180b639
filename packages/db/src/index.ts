export { APP_DATABASE_ROLE, isRowLevelSecurityBypassed, toAppRoleUrl } from './app-role.ts';
export {
  type CreatePrismaClientOptions,
  createDatabasePool,
  createPrismaClient,
  type DatabasePool,
  type DatabasePoolOptions,
} from './client.ts';
export { isDatabaseUnavailable } from './connection-errors.ts';
export * from './generated/client.ts';
export {
  ACCESS_TOKEN_PURPOSE,
  PrismaMicrosoftTokenStore,
  REFRESH_TOKEN_PURPOSE,
} from './microsoft-token-store.ts';
export { type ApplyMigrationsOptions, applyMigrations, MIGRATIONS_DIR } from './migrations.ts';
export { hashPassword, verifyPassword } from './passwords.ts';
export { parseKeyring, SecretBox, SecretBoxError, type SecretContext } from './secret-box.ts';
export {
  createTenantScopedClient,
  currentTenantScope,
  runAsSystem,
  runInTenant,
  type SystemPurpose,
  type TenantScope,
  withTenant,
} from './tenant-scope.ts';
