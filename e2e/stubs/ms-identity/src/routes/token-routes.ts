import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { resolveBaseUrl, type StubContext } from '../context.ts';
import { AadError } from '../errors/aad-error.ts';
import { authenticateClient } from '../flows/client-auth.ts';
import { redeemAuthorizationCode } from '../flows/code-grant.ts';
import { redeemRefreshToken } from '../flows/refresh-grant.ts';
import type { StubClient } from '../options.ts';
import { hashSecret, recordTokenRequest } from '../state/store.ts';
import type { TokenResponse } from '../tokens/issue-tokens.ts';
import { sendAadJson, TenantParamsSchema } from './respond.ts';

const field = z.preprocess(
  (value) => (Array.isArray(value) ? value[0] : value),
  z.string().optional(),
);

const TokenBodySchema = z.object({
  grant_type: field,
  client_id: field,
  client_secret: field,
  code: field,
  redirect_uri: field,
  code_verifier: field,
  refresh_token: field,
  scope: field,
});

type TokenBody = z.infer<typeof TokenBodySchema>;

/** POST /{tenant}/oauth2/v2.0/token for the code and refresh token grants. */
export function registerTokenRoutes(app: FastifyInstance, ctx: StubContext): void {
  app.post('/:tenant/oauth2/v2.0/token', async (request, reply) => {
    const { tenant: segment } = TenantParamsSchema.parse(request.params);
    // Microsoft reads only form bodies: a JSON body looks like one without grant_type.
    const isForm = /^application\/x-www-form-urlencoded\b/i.test(
      request.headers['content-type'] ?? '',
    );
    const parsed = TokenBodySchema.safeParse(isForm ? request.body : {});
    const body = parsed.success ? parsed.data : {};
    const grantType = body.grant_type ?? 'missing';
    recordTokenRequest(ctx.store, grantType, attributeEmail(ctx, body));

    try {
      const tenant = ctx.tenants.resolve(segment);
      if (!tenant) {
        throw new AadError(90002, { tenant: segment });
      }
      const credentials = { clientId: body.client_id, clientSecret: body.client_secret };
      const client = authenticateClient(ctx, tenant, request.headers.authorization, credentials);
      const response = await runGrant(ctx, client, body, resolveBaseUrl(ctx, request));
      request.log.info({ grantType, clientId: client.clientId }, 'tokens issued');
      return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(response);
    } catch (error) {
      if (error instanceof AadError) {
        return sendAadJson(ctx, request, reply, error);
      }
      throw error;
    }
  });
}

function runGrant(
  ctx: StubContext,
  client: StubClient,
  body: TokenBody,
  baseUrl: string,
): Promise<TokenResponse> {
  switch (body.grant_type) {
    case undefined:
      throw new AadError(900144, { param: 'grant_type' });
    case 'authorization_code':
      return redeemAuthorizationCode(
        ctx,
        client,
        {
          code: body.code,
          redirectUri: body.redirect_uri,
          codeVerifier: body.code_verifier,
          scope: body.scope,
        },
        baseUrl,
      );
    case 'refresh_token':
      return redeemRefreshToken(
        ctx,
        client,
        { refreshToken: body.refresh_token, scope: body.scope },
        baseUrl,
      );
    default:
      throw new AadError(70003, { grantType: body.grant_type });
  }
}

/** Whose request this is, for `stats()`, even when it is about to fail. */
function attributeEmail(ctx: StubContext, body: TokenBody): string | undefined {
  if (body.grant_type === 'authorization_code' && body.code) {
    return ctx.store.codes.get(hashSecret(body.code))?.email;
  }
  if (body.grant_type === 'refresh_token' && body.refresh_token) {
    return ctx.store.refreshTokens.get(hashSecret(body.refresh_token))?.email;
  }
  return undefined;
}
