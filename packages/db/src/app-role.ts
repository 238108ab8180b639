import type { PrismaClient } from './generated/client.ts';

/**
 * The role the API and the worker connect as (created by the migration that enables
 * row-level security). It owns no table and is no superuser, so the tenant policies apply.
 */
export const APP_DATABASE_ROLE = 'postwerk_app';

/**
 * The same database URL with the application role as its user, for tools and tests that
 * hold the owner's URL (local installations trust 127.0.0.1, so no password is needed).
 */
export function toAppRoleUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.username = APP_DATABASE_ROLE;
  url.password = '';
  return url.toString();
}

/**
 * True when the connected role is a superuser or has BYPASSRLS, so the tenant policies would
 * not apply to it: a misconfigured DATABASE_URL that still names the owner.
 */
export async function isRowLevelSecurityBypassed(prisma: PrismaClient): Promise<boolean> {
  const rows = await prisma.$queryRaw<{ bypass: boolean }[]>`
    SELECT rolsuper OR rolbypassrls AS bypass FROM pg_roles WHERE rolname = current_user`;
  return rows[0]?.bypass ?? false;
}
