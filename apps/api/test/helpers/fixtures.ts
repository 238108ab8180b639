import { randomBytes } from 'node:crypto';
import { hashPassword, type PrismaClient } from '@postwerk/db';

export type TenantFixture = {
  tenantId: string;
  slug: string;
  adminEmail: string;
  adminPassword: string;
};

/** A tenant with random identifiers and one firm admin. */
export async function createTenantWithAdmin(prisma: PrismaClient): Promise<TenantFixture> {
  const suffix = randomBytes(4).toString('hex');
  const slug = `test-${suffix}`;
  const adminEmail = `admin-${suffix}@example.test`;
  const adminPassword = `Pw-${randomBytes(6).toString('hex')}`;
  const tenant = await prisma.tenant.create({
    data: {
      slug,
      name: `Testfirma ${suffix}`,
      settings: { create: {} },
      users: {
        create: {
          role: 'FIRM_ADMIN',
          email: adminEmail,
          name: 'Test Admin',
          passwordHash: await hashPassword(adminPassword),
        },
      },
    },
  });
  return { tenantId: tenant.id, slug, adminEmail, adminPassword };
}

export type SupportFixture = { userId: string; email: string; password: string; name: string };

/** A vendor support user: role SUPPORT, no tenant of their own. */
export async function createSupportUser(prisma: PrismaClient): Promise<SupportFixture> {
  const suffix = randomBytes(4).toString('hex');
  const email = `support-${suffix}@postwerk.test`;
  const password = `Pw-${randomBytes(6).toString('hex')}`;
  const name = `Support ${suffix}`;
  const user = await prisma.portalUser.create({
    data: { role: 'SUPPORT', email, name, passwordHash: await hashPassword(password) },
  });
  return { userId: user.id, email, password, name };
}
