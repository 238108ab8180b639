import { domainToASCII } from 'node:url';
import {
  type AuthMethod,
  checkServerEndpoint,
  type ServerRole,
  type TransportSecurity,
} from '@postwerk/contracts';
import type { IncomingServer, OutgoingServer, Prisma, PrismaClient, SecretBox } from '@postwerk/db';
import { AppError } from '../../errors.ts';
import { isUniqueViolation } from '../prisma-errors.ts';

export type ServerInput = {
  name: string;
  host: string;
  port: number;
  security: TransportSecurity;
  authMethod: AuthMethod;
  username?: string | null;
  /** Plain password as typed; undefined keeps the stored one, null removes it. */
  password?: string | null;
};

/** A server as the API shows it: whether a password is stored, never the password. */
export type ServerView = Omit<OutgoingServer, 'passwordCipher' | 'tenantId'> & {
  hasPassword: boolean;
  protocol?: 'POP3';
};

type ServerRow = OutgoingServer | IncomingServer;

export const SERVER_PASSWORD_PURPOSE = 'server-password';

/**
 * Outgoing and incoming servers share their rules; this service serves both, picking the
 * Prisma delegate by role. Every query is scoped by tenant id.
 */
export class ServerService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly secretBox: SecretBox,
    private readonly role: ServerRole,
  ) {}

  async list(tenantId: string): Promise<ServerView[]> {
    const rows: ServerRow[] = await this.delegate().findMany({
      where: { tenantId },
      orderBy: { name: 'asc' },
    });
    return rows.map(toView);
  }

  async get(tenantId: string, id: string): Promise<ServerView> {
    return toView(await this.find(tenantId, id));
  }

  async create(tenantId: string, raw: ServerInput): Promise<ServerView> {
    const input = withAsciiHost(raw);
    this.validate(input);
    const data = {
      tenantId,
      ...this.columns(tenantId, input),
      passwordCipher: this.seal(tenantId, input.password),
    };
    return toView(await this.write(() => this.delegate().create({ data })));
  }

  async update(tenantId: string, id: string, raw: ServerInput): Promise<ServerView> {
    const current = await this.find(tenantId, id);
    const input = withAsciiHost(raw);
    this.validate(input);
    const passwordCipher =
      input.password === undefined ? current.passwordCipher : this.seal(tenantId, input.password);
    const data = { ...this.columns(tenantId, input), passwordCipher };
    return toView(await this.write(() => this.delegate().update({ where: { id }, data })));
  }

  async remove(tenantId: string, id: string): Promise<void> {
    await this.find(tenantId, id);
    const users = await this.prisma.mailbox.findMany({
      where:
        this.role === 'outgoing'
          ? { tenantId, outgoingServerId: id }
          : { tenantId, incomingServerId: id },
      select: { code: true },
      orderBy: { code: 'asc' },
    });
    if (users.length > 0) {
      const codes = users.map((mailbox) => mailbox.code);
      const named = codes.join(', ');
      const message =
        codes.length === 1
          ? `Der Server wird noch vom Postfach ${named} verwendet.`
          : `Der Server wird noch von ${codes.length} Postfächern verwendet: ${named}.`;
      throw new AppError('SERVER_IN_USE', message, {
        details: { count: codes.length, mailboxes: named },
      });
    }
    await this.delegate().delete({ where: { id } });
  }

  private validate(input: ServerInput): void {
    const fields = checkServerEndpoint({ role: this.role, ...input });
    if (input.authMethod === 'PASSWORD' && !input.username?.trim()) {
      fields.push({
        path: 'username',
        code: 'USERNAME_REQUIRED',
        message: 'Für die Anmeldung mit Kennwort wird ein Benutzername benötigt.',
      });
    }
    if (fields.length > 0) {
      throw new AppError('VALIDATION_FAILED', fields[0]?.message ?? 'Eingaben prüfen.', {
        fields,
      });
    }
  }

  private columns(_tenantId: string, input: ServerInput) {
    return {
      name: input.name.trim(),
      host: input.host.trim().toLowerCase().replace(/\.$/, ''),
      port: input.port,
      security: input.security,
      authMethod: input.authMethod,
      username: input.authMethod === 'PASSWORD' ? (input.username?.trim() ?? null) : null,
    };
  }

  private seal(tenantId: string, password: string | null | undefined): string | null {
    if (!password) {
      return null;
    }
    return this.secretBox.encrypt(password, { purpose: SERVER_PASSWORD_PURPOSE, tenantId });
  }

  private async find(tenantId: string, id: string): Promise<ServerRow> {
    const row: ServerRow | null = await this.delegate().findFirst({ where: { id, tenantId } });
    if (!row) {
      throw new AppError('SERVER_NOT_FOUND', 'Server nicht gefunden.');
    }
    return row;
  }

  private async write(run: () => Promise<ServerRow>): Promise<ServerRow> {
    try {
      return await run();
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('SERVER_NAME_TAKEN', 'Ein Server mit dieser Bezeichnung existiert.', {
          fields: [
            {
              path: 'name',
              code: 'NAME_TAKEN',
              message: 'Diese Bezeichnung ist bereits vergeben.',
            },
          ],
        });
      }
      throw error;
    }
  }

  // Both delegates have the same shape for the calls used here.
  private delegate(): Prisma.OutgoingServerDelegate {
    return (this.role === 'outgoing'
      ? this.prisma.outgoingServer
      : this.prisma.incomingServer) as unknown as Prisma.OutgoingServerDelegate;
  }
}

/**
 * Stores an internationalised host name (`smtp.bäcker-müller.de`) in its punycode form
 * (`smtp.xn--bcker-mller-…`), the form DNS and TLS certificates use. A name that cannot be
 * converted stays as typed, so the host check names the problem.
 */
function withAsciiHost(input: ServerInput): ServerInput {
  const host = input.host.trim();
  if (/^[\u0020-\u007e]*$/.test(host)) {
    return input;
  }
  const ascii = domainToASCII(host.toLowerCase());
  return ascii ? { ...input, host: ascii } : input;
}

function toView(row: ServerRow): ServerView {
  const { passwordCipher, tenantId: _tenantId, ...rest } = row;
  return { ...rest, hasPassword: passwordCipher !== null };
}
