import type { PrismaClient } from '@postwerk/db';
import { AppError } from '../../errors.ts';
import { isUniqueViolation } from '../prisma-errors.ts';

export type CompanyInput = { name: string; domains: string[] };
export type CompanyView = { id: string; name: string; domains: string[]; createdAt: Date };

const DOMAIN = /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;

/** Companies (Firmen) of a tenant with their mail domains. */
export class CompanyService {
  constructor(private readonly prisma: PrismaClient) {}

  async list(tenantId: string): Promise<CompanyView[]> {
    const rows = await this.prisma.company.findMany({
      where: { tenantId },
      include: { domains: { orderBy: { domain: 'asc' } } },
      orderBy: { name: 'asc' },
    });
    return rows.map(toView);
  }

  async get(tenantId: string, id: string): Promise<CompanyView> {
    const row = await this.prisma.company.findFirst({
      where: { id, tenantId },
      include: { domains: { orderBy: { domain: 'asc' } } },
    });
    if (!row) {
      throw new AppError('COMPANY_NOT_FOUND', 'Firma nicht gefunden.');
    }
    return toView(row);
  }

  async create(tenantId: string, input: CompanyInput): Promise<CompanyView> {
    const domains = normalizeDomains(input.domains);
    const row = await this.write(() =>
      this.prisma.company.create({
        data: {
          tenantId,
          name: input.name.trim(),
          domains: { create: domains.map((domain) => ({ tenantId, domain })) },
        },
      }),
    );
    return this.get(tenantId, row.id);
  }

  async update(tenantId: string, id: string, input: CompanyInput): Promise<CompanyView> {
    const current = await this.get(tenantId, id);
    const domains = normalizeDomains(input.domains);
    // Domains that stay keep their rows, and with them their stored deliverability checks.
    const added = domains.filter((domain) => !current.domains.includes(domain));
    await this.write(() =>
      this.prisma.$transaction([
        this.prisma.company.update({ where: { id }, data: { name: input.name.trim() } }),
        this.prisma.companyDomain.deleteMany({
          where: { companyId: id, tenantId, domain: { notIn: domains } },
        }),
        this.prisma.companyDomain.createMany({
          data: added.map((domain) => ({ tenantId, companyId: id, domain })),
        }),
      ]),
    );
    return this.get(tenantId, id);
  }

  async remove(tenantId: string, id: string): Promise<void> {
    await this.get(tenantId, id);
    await this.prisma.company.delete({ where: { id } });
  }

  private async write<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (isUniqueViolation(error, 'domain')) {
        throw new AppError('COMPANY_DOMAIN_TAKEN', 'Die Domain gehört schon zu einer Firma.', {
          fields: [
            {
              path: 'domains',
              code: 'DOMAIN_TAKEN',
              message: 'Eine der Domains ist bereits einer anderen Firma zugeordnet.',
            },
          ],
        });
      }
      if (isUniqueViolation(error)) {
        throw new AppError('COMPANY_NAME_TAKEN', 'Eine Firma mit diesem Namen existiert.', {
          fields: [{ path: 'name', code: 'NAME_TAKEN', message: 'Dieser Name ist vergeben.' }],
        });
      }
      throw error;
    }
  }
}

/** Lowercases, strips `@` and trailing dots, drops duplicates; refuses what is no domain. */
export function normalizeDomains(domains: string[]): string[] {
  const normalized = [
    ...new Set(
      domains
        .map((d) => d.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, ''))
        .filter(Boolean),
    ),
  ];
  const invalid = normalized.find((domain) => !DOMAIN.test(domain));
  if (invalid) {
    throw new AppError('VALIDATION_FAILED', `„${invalid}“ ist keine gültige Domain.`, {
      fields: [
        {
          path: 'domains',
          code: 'DOMAIN_INVALID',
          message: `„${invalid}“ ist keine gültige Domain. Beispiel: bau-firma.de`,
          params: { domain: invalid },
        },
      ],
    });
  }
  return normalized;
}

function toView(row: {
  id: string;
  name: string;
  createdAt: Date;
  domains: Array<{ domain: string }>;
}): CompanyView {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt,
    domains: row.domains.map((d) => d.domain),
  };
}
