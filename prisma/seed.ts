// Seeds the demo tenant `bau-firma` from the help page: two companies, employees BECKER and
// MUELLER, the public mailbox INFO, one firm admin and one vendor-support user. Running it
// again changes nothing that already exists. The demo credentials are printed and in README.
import { createPrismaClient, hashPassword } from '../packages/db/src/index.ts';

export const DEMO_ADMIN = { email: 'admin@bau-firma.de', password: 'Postwerk-Demo-1' };
export const DEMO_SUPPORT = { email: 'support@postwerk.example', password: 'Postwerk-Support-1' };

// The owner's URL: the seed writes rows of a tenant without a tenant scope, which row-level
// security refuses to the application role.
const databaseUrl = process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL;
const relayDomain = process.env.RELAY_DOMAIN ?? 'relay.postwerk.example';
if (!databaseUrl) {
  console.error('MIGRATION_DATABASE_URL (or DATABASE_URL) is not set: the database to seed.');
  process.exit(1);
}

const prisma = createPrismaClient({ databaseUrl });
const slug = 'bau-firma';

const tenant = await prisma.tenant.upsert({
  where: { slug },
  create: { slug, name: 'Bau-Firma Becker & Müller', settings: { create: {} } },
  update: {},
});

const companies = [
  { name: 'Bau-Firma GmbH', domain: 'bau-firma.de' },
  { name: 'Bau-Firma Haustechnik GmbH', domain: 'bau-firma-haustechnik.de' },
];
for (const company of companies) {
  await prisma.company.upsert({
    where: { tenantId_name: { tenantId: tenant.id, name: company.name } },
    create: {
      tenantId: tenant.id,
      name: company.name,
      domains: { create: { tenantId: tenant.id, domain: company.domain } },
    },
    update: {},
  });
}

const mailboxes = [
  { kind: 'EMPLOYEE', code: 'BECKER', displayName: 'Thomas Becker' },
  { kind: 'EMPLOYEE', code: 'MUELLER', displayName: 'Müller, Jürgen' },
  { kind: 'PUBLIC', code: 'INFO', displayName: 'Bau-Firma Info' },
] as const;
for (const mailbox of mailboxes) {
  const relayAddress = `${mailbox.code.toLowerCase()}.${slug}@${relayDomain}`;
  await prisma.mailbox.upsert({
    where: { tenantId_code: { tenantId: tenant.id, code: mailbox.code } },
    create: {
      tenantId: tenant.id,
      ...mailbox,
      externalAddress: `${mailbox.code.toLowerCase()}@bau-firma.de`,
      relayAddress,
      incomingRelayAddress: relayAddress,
    },
    update: {},
  });
}

const users = [
  { ...DEMO_ADMIN, role: 'FIRM_ADMIN', name: 'Petra Admin', tenantId: tenant.id },
  { ...DEMO_SUPPORT, role: 'SUPPORT', name: 'Sam Support', tenantId: null },
] as const;
for (const user of users) {
  const { password, ...rest } = user;
  await prisma.portalUser.upsert({
    where: { email: user.email },
    create: { ...rest, passwordHash: await hashPassword(password) },
    update: {},
  });
}

await prisma.$disconnect();
console.log(`seeded tenant ${slug}: admin ${DEMO_ADMIN.email}, support ${DEMO_SUPPORT.email}`);
