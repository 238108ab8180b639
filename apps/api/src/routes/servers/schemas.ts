import { z } from 'zod';

export const SecuritySchema = z.enum(['STARTTLS', 'TLS', 'NONE']);
export const AuthMethodSchema = z.enum(['NONE', 'PASSWORD', 'OAUTH2']);

export const ServerBody = z.object({
  name: z.string().trim().min(1).max(100),
  host: z.string().trim().min(1).max(253),
  port: z.coerce.number().int(),
  security: SecuritySchema,
  authMethod: AuthMethodSchema,
  username: z.string().trim().max(320).nullish(),
  password: z.string().max(1024).nullish(),
});

// The reply lists every field it may carry; the serializer drops anything else, so a
// password cipher can never leave even if a service returned the raw row.
export const ServerReply = z.object({
  id: z.uuid(),
  name: z.string(),
  host: z.string(),
  port: z.number(),
  security: SecuritySchema,
  authMethod: AuthMethodSchema,
  username: z.string().nullable(),
  hasPassword: z.boolean(),
  protocol: z.literal('POP3').optional(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const IdParams = z.object({ id: z.uuid() });
