import { z } from 'zod';

export const AccessRequestReply = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  reason: z.string(),
  status: z.enum(['PENDING', 'APPROVED', 'DECLINED', 'EXPIRED', 'USED']),
  supportUser: z.object({ id: z.uuid(), name: z.string() }),
  expiresAt: z.date(),
  decidedAt: z.date().nullable(),
  createdAt: z.date(),
});
