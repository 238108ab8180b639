import { type PrismaClient, runAsSystem, runInTenant } from '@postwerk/db';
import { AppError } from '../../errors.ts';

export type TenantSummary = {
  id: string;
  slug: string;
  name: string;
  requireSupportApproval: boolean;
};

const SERVER_FIELDS = {
  id: true,
  name: true,
  host: true,
  port: true,
  authMethod: true,
  username: true,
  // Read only to tell whether a password exists; the value never leaves this module.
  passwordCipher: true,
} as const;

/**
 * What vendor support sees of tenants: who they are and the state of their mailboxes.
 * Secrets show as "present" only (hasPassword, a linked Microsoft account), never as values.
 */
export class SupportConsoleService {
  constructor(private readonly prisma: PrismaClient) {}

  /** Finds tenants by name or company identifier (slug); the one cross-tenant search. */
  search(query: string): Promise<TenantSummary[]> {
    const text = query.trim();
    return runAsSystem('support-console', () =>
      this.prisma.tenant.findMany({
        where: text
          ? {
              OR: [
                { name: { contains: text, mode: 'insensitive' } },
                { slug: { contains: text.toLowerCase() } },
              ],
            }
          : {},
        select: { id: true, slug: true, name: true, requireSupportApproval: true },
        orderBy: { name: 'asc' },
        take: 25,
      }),
    );
  }

  /** One tenant with its mailboxes' states, read in that tenant's own scope. */
  detail(tenantId: string) {
    return runInTenant(tenantId, async () => {
      const tenant = await this.prisma.tenant.findUnique({
        where: { id: tenantId },
        select: { id: true, slug: true, name: true, requireSupportApproval: true },
      });
      if (!tenant) {
        throw new AppError('TENANT_NOT_FOUND', 'Mandant nicht gefunden.');
      }
      const mailboxes = await this.prisma.mailbox.findMany({
        where: { tenantId },
        orderBy: { code: 'asc' },
        include: {
          outgoingServer: { select: SERVER_FIELDS },
          incomingServer: { select: SERVER_FIELDS },
          microsoftLink: { select: { status: true, upn: true, identityMismatch: true } },
        },
      });
      return { ...tenant, mailboxes: mailboxes.map(toMailboxState) };
    });
  }
}

type ServerRow = {
  id: string;
  name: string;
  host: string;
  port: number;
  authMethod: 'NONE' | 'PASSWORD' | 'OAUTH2';
  username: string | null;
  passwordCipher: string | null;
};

function toMailboxState(mailbox: {
  id: string;
  code: string;
  kind: 'EMPLOYEE' | 'PUBLIC';
  displayName: string;
  externalAddress: string;
  status: string;
  statusCode: string | null;
  lastSentAt: Date | null;
  lastPolledAt: Date | null;
  outgoingServer: ServerRow | null;
  incomingServer: ServerRow | null;
  microsoftLink: { status: 'ACTIVE' | 'DEAD'; upn: string; identityMismatch: boolean } | null;
}) {
  return {
    id: mailbox.id,
    code: mailbox.code,
    kind: mailbox.kind,
    displayName: mailbox.displayName,
    externalAddress: mailbox.externalAddress,
    status: mailbox.status,
    statusCode: mailbox.statusCode,
    lastSentAt: mailbox.lastSentAt,
    lastPolledAt: mailbox.lastPolledAt,
    outgoingServer: toServerState(mailbox.outgoingServer),
    incomingServer: toServerState(mailbox.incomingServer),
    microsoftAccount: mailbox.microsoftLink,
  };
}

function toServerState(server: ServerRow | null) {
  if (!server) {
    return null;
  }
  const { passwordCipher, ...rest } = server;
  return { ...rest, hasPassword: passwordCipher !== null };
}
