import { type FieldIssue, normalizeMailboxCode } from '@postwerk/contracts';
import type { MailboxKind, Prisma, PrismaClient } from '@postwerk/db';
import { AppError } from '../../errors.ts';
import { isUniqueViolation } from '../prisma-errors.ts';

export type MailboxInput = {
  kind: MailboxKind;
  code: string;
  displayName: string;
  externalAddress: string;
  /** Omitted: derived from code and company identifier (`becker.bau-firma@<relay domain>`). */
  relayAddress?: string | null;
  incomingRelayAddress?: string | null;
  outgoingServerId?: string | null;
  incomingServerId?: string | null;
  keepCopyOnServer?: boolean;
  pollIntervalMinutes?: number;
  companyServers?: Array<{
    companyId: string;
    outgoingServerId?: string | null;
    incomingServerId?: string | null;
  }>;
};

const INCLUDE = {
  microsoftLink: true,
  outgoingServer: { select: { authMethod: true } },
  incomingServer: { select: { authMethod: true } },
  companyServers: { orderBy: { companyId: 'asc' } },
} as const satisfies Prisma.MailboxInclude;

export type MailboxRow = Prisma.MailboxGetPayload<{ include: typeof INCLUDE }>;

/** Employees and public mailboxes of a tenant. */
export class MailboxService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly relayDomain: string,
  ) {}

  list(tenantId: string): Promise<MailboxRow[]> {
    return this.prisma.mailbox.findMany({
      where: { tenantId },
      include: INCLUDE,
      orderBy: [{ kind: 'asc' }, { code: 'asc' }],
    });
  }

  async get(tenantId: string, id: string): Promise<MailboxRow> {
    const row = await this.prisma.mailbox.findFirst({ where: { id, tenantId }, include: INCLUDE });
    if (!row) {
      throw new AppError('MAILBOX_NOT_FOUND', 'Postfach nicht gefunden.');
    }
    return row;
  }

  async create(tenantId: string, input: MailboxInput): Promise<MailboxRow> {
    const data = await this.columns(tenantId, input);
    await this.assertCompanyServersOfTenant(tenantId, input.companyServers);
    await this.assertUnique(tenantId, data);
    const row = await this.write(() => this.prisma.mailbox.create({ data: { tenantId, ...data } }));
    await this.saveCompanyServers(tenantId, row.id, input.companyServers);
    return this.get(tenantId, row.id);
  }

  async update(tenantId: string, id: string, input: MailboxInput): Promise<MailboxRow> {
    await this.get(tenantId, id);
    const data = await this.columns(tenantId, input);
    // Checked before anything is written: a refused choice must leave the mailbox as it was.
    await this.assertCompanyServersOfTenant(tenantId, input.companyServers);
    await this.assertUnique(tenantId, data, id);
    await this.write(() => this.prisma.mailbox.update({ where: { id }, data }));
    await this.saveCompanyServers(tenantId, id, input.companyServers);
    return this.get(tenantId, id);
  }

  async remove(tenantId: string, id: string): Promise<void> {
    await this.get(tenantId, id);
    await this.prisma.mailbox.delete({ where: { id } });
  }

  private async columns(tenantId: string, input: MailboxInput) {
    const code = normalizeMailboxCode(input.code);
    if (!code) {
      throw invalid(
        'code',
        'CODE_INVALID',
        'Das Kürzel braucht Buchstaben oder Ziffern, z. B. BECKER.',
      );
    }
    const externalAddress = normalizeAddress(input.externalAddress, 'externalAddress');
    await this.assertServersOfTenant(tenantId, input.outgoingServerId, input.incomingServerId);
    const derivedRelay = await this.deriveRelayAddress(tenantId, code);
    const relayAddress = input.relayAddress?.trim()
      ? normalizeAddress(input.relayAddress, 'relayAddress')
      : derivedRelay;
    const incomingRelayAddress = input.incomingRelayAddress?.trim()
      ? normalizeAddress(input.incomingRelayAddress, 'incomingRelayAddress')
      : relayAddress;
    return {
      kind: input.kind,
      code,
      displayName: input.displayName.trim(),
      externalAddress,
      relayAddress,
      incomingRelayAddress,
      outgoingServerId: input.outgoingServerId ?? null,
      incomingServerId: input.incomingServerId ?? null,
      keepCopyOnServer: input.keepCopyOnServer ?? false,
      pollIntervalMinutes: input.pollIntervalMinutes ?? 5,
    };
  }

  private async deriveRelayAddress(tenantId: string, code: string): Promise<string> {
    const tenant = await this.prisma.tenant.findUniqueOrThrow({ where: { id: tenantId } });
    return `${code.toLowerCase()}.${tenant.slug}@${this.relayDomain}`;
  }

  private async assertServersOfTenant(
    tenantId: string,
    outgoingServerId?: string | null,
    incomingServerId?: string | null,
  ): Promise<void> {
    if (outgoingServerId) {
      const found = await this.prisma.outgoingServer.count({
        where: { id: outgoingServerId, tenantId },
      });
      if (!found) {
        throw invalid('outgoingServerId', 'SERVER_NOT_FOUND', 'Postausgangsserver nicht gefunden.');
      }
    }
    if (incomingServerId) {
      const found = await this.prisma.incomingServer.count({
        where: { id: incomingServerId, tenantId },
      });
      if (!found) {
        throw invalid('incomingServerId', 'SERVER_NOT_FOUND', 'Posteingangsserver nicht gefunden.');
      }
    }
  }

  /**
   * Every company and server a choice names must be the tenant's own. Row-level security does
   * not cover this: PostgreSQL checks foreign keys without it, so another tenant's id would be
   * stored as a reference.
   */
  private async assertCompanyServersOfTenant(
    tenantId: string,
    choices: MailboxInput['companyServers'],
  ): Promise<void> {
    for (const choice of choices ?? []) {
      const company = await this.prisma.company.count({
        where: { id: choice.companyId, tenantId },
      });
      if (!company) {
        throw invalid('companyServers', 'COMPANY_NOT_FOUND', 'Firma nicht gefunden.');
      }
      await this.assertServersOfTenant(tenantId, choice.outgoingServerId, choice.incomingServerId);
    }
  }

  /** Replaces the per-company choices; assertCompanyServersOfTenant has checked them. */
  private async saveCompanyServers(
    tenantId: string,
    mailboxId: string,
    choices: MailboxInput['companyServers'],
  ): Promise<void> {
    if (choices === undefined) {
      return;
    }
    await this.prisma.$transaction([
      this.prisma.mailboxCompanyServer.deleteMany({ where: { mailboxId, tenantId } }),
      this.prisma.mailboxCompanyServer.createMany({
        data: choices.map((choice) => ({
          tenantId,
          mailboxId,
          companyId: choice.companyId,
          outgoingServerId: choice.outgoingServerId ?? null,
          incomingServerId: choice.incomingServerId ?? null,
        })),
      }),
    ]);
  }

  /**
   * Names a taken code and a taken address together, so the form shows both at once. The
   * unique indexes stay the guard against a race (see write).
   */
  private async assertUnique(
    tenantId: string,
    data: { code: string; externalAddress: string },
    ownId?: string,
  ): Promise<void> {
    const others = await this.prisma.mailbox.findMany({
      where: {
        tenantId,
        ...(ownId ? { id: { not: ownId } } : {}),
        OR: [{ code: data.code }, { externalAddress: data.externalAddress }],
      },
      select: { code: true, externalAddress: true },
    });
    const codeTaken = others.some((other) => other.code === data.code);
    const addressTaken = others.some((other) => other.externalAddress === data.externalAddress);
    if (!codeTaken && !addressTaken) {
      return;
    }
    const fields = [...(codeTaken ? [CODE_TAKEN] : []), ...(addressTaken ? [ADDRESS_TAKEN] : [])];
    throw codeTaken
      ? new AppError('MAILBOX_CODE_TAKEN', 'Das Kürzel ist schon vergeben.', { fields })
      : new AppError('MAILBOX_ADDRESS_TAKEN', 'Die E-Mail-Adresse ist schon vergeben.', { fields });
  }

  private async write<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (isUniqueViolation(error, 'externalAddress')) {
        throw new AppError('MAILBOX_ADDRESS_TAKEN', 'Die E-Mail-Adresse ist schon vergeben.', {
          fields: [ADDRESS_TAKEN],
        });
      }
      if (isUniqueViolation(error)) {
        throw new AppError('MAILBOX_CODE_TAKEN', 'Das Kürzel ist schon vergeben.', {
          fields: [CODE_TAKEN],
        });
      }
      throw error;
    }
  }
}

const CODE_TAKEN: FieldIssue = {
  path: 'code',
  code: 'CODE_TAKEN',
  message: 'Dieses Kürzel ist vergeben.',
};
const ADDRESS_TAKEN: FieldIssue = {
  path: 'externalAddress',
  code: 'ADDRESS_TAKEN',
  message: 'Diese externe E-Mail-Adresse gehört bereits zu einem anderen Postfach.',
};

// Deliberately simple: one @, no spaces, a dot in the domain. Full RFC 5322 syntax accepts
// addresses no mail server of our customers would route.
const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function normalizeAddress(value: string, path: string): string {
  const address = value.trim().toLowerCase();
  if (!ADDRESS.test(address)) {
    throw invalid(
      path,
      'ADDRESS_INVALID',
      'Bitte eine gültige E-Mail-Adresse angeben, z. B. becker@bau-firma.de.',
    );
  }
  return address;
}

function invalid(path: string, code: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, { fields: [{ path, code, message }] });
}
