import { z } from 'zod';
import type { MailboxRow } from '../../services/mailboxes/mailbox-service.ts';

export const MailboxBody = z.object({
  kind: z.enum(['EMPLOYEE', 'PUBLIC']),
  code: z.string().trim().min(1).max(40),
  displayName: z.string().trim().min(1).max(200),
  externalAddress: z.string().trim().min(3).max(320),
  relayAddress: z.string().trim().max(320).nullish(),
  incomingRelayAddress: z.string().trim().max(320).nullish(),
  outgoingServerId: z.uuid().nullish(),
  incomingServerId: z.uuid().nullish(),
  keepCopyOnServer: z.boolean().optional(),
  pollIntervalMinutes: z.number().int().min(1).max(1440).optional(),
  companyServers: z
    .array(
      z.object({
        companyId: z.uuid(),
        outgoingServerId: z.uuid().nullish(),
        incomingServerId: z.uuid().nullish(),
      }),
    )
    .optional(),
});

export const MailboxReply = z.object({
  id: z.uuid(),
  kind: z.enum(['EMPLOYEE', 'PUBLIC']),
  code: z.string(),
  displayName: z.string(),
  externalAddress: z.string(),
  relayAddress: z.string(),
  incomingRelayAddress: z.string(),
  outgoingServerId: z.uuid().nullable(),
  incomingServerId: z.uuid().nullable(),
  keepCopyOnServer: z.boolean(),
  pollIntervalMinutes: z.number(),
  status: z.enum(['UNTESTED', 'OK', 'SIGN_IN_REQUIRED', 'SEND_FAILED', 'FETCH_FAILED']),
  statusCode: z.string().nullable(),
  lastSentAt: z.date().nullable(),
  lastPolledAt: z.date().nullable(),
  companyServers: z.array(
    z.object({
      companyId: z.uuid(),
      outgoingServerId: z.uuid().nullable(),
      incomingServerId: z.uuid().nullable(),
    }),
  ),
  // Who is linked, never the tokens.
  microsoftAccount: z
    .object({
      upn: z.string(),
      email: z.string().nullable(),
      status: z.enum(['ACTIVE', 'DEAD']),
      deadCode: z.string().nullable(),
      identityMismatch: z.boolean(),
      linkedAt: z.date(),
    })
    .nullable(),
});

export function toMailboxReply(row: MailboxRow): z.infer<typeof MailboxReply> {
  const link = row.microsoftLink;
  return {
    ...row,
    status: effectiveStatus(row),
    microsoftAccount: link
      ? {
          upn: link.upn,
          email: link.email,
          status: link.status,
          deadCode: link.deadCode,
          identityMismatch: link.identityMismatch,
          linkedAt: link.createdAt,
        }
      : null,
  };
}

/**
 * A mailbox whose server wants a Microsoft account but has none (or a dead one) needs a
 * sign-in whatever its last send or poll said; otherwise the stored outcome stands.
 */
function effectiveStatus(row: MailboxRow): MailboxRow['status'] {
  const needsMicrosoft =
    row.outgoingServer?.authMethod === 'OAUTH2' || row.incomingServer?.authMethod === 'OAUTH2';
  const linkUsable = row.microsoftLink?.status === 'ACTIVE';
  return needsMicrosoft && !linkUsable ? 'SIGN_IN_REQUIRED' : row.status;
}
