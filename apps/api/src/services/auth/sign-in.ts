import {
  hashPassword,
  type PortalUser,
  type PrismaClient,
  runAsSystem,
  verifyPassword,
} from '@postwerk/db';
import { AppError } from '../../errors.ts';

// A real hash to verify against when the e-mail is unknown, so that the response time
// does not tell an attacker which addresses have accounts.
const DUMMY_HASH = hashPassword('postwerk-timing-equaliser');

/**
 * Checks e-mail and password; throws AUTH_INVALID_CREDENTIALS without saying which was wrong.
 * Runs in the system context: the e-mail is unique across tenants and names the tenant.
 */
export function verifyCredentials(
  prisma: PrismaClient,
  email: string,
  password: string,
): Promise<PortalUser> {
  return runAsSystem('sign-in', () => checkCredentials(prisma, email, password));
}

async function checkCredentials(
  prisma: PrismaClient,
  email: string,
  password: string,
): Promise<PortalUser> {
  const user = await prisma.portalUser.findUnique({ where: { email: email.trim().toLowerCase() } });
  const valid = await verifyPassword(user?.passwordHash ?? (await DUMMY_HASH), password);
  if (!user || !valid) {
    throw new AppError('AUTH_INVALID_CREDENTIALS', 'E-Mail-Adresse oder Kennwort ist falsch.');
  }
  await prisma.portalUser.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return user;
}
