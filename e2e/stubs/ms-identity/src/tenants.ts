import { CONSUMERS_TID } from './defaults.ts';
import type { IdentityStubConfig, StubUser } from './options.ts';

/** How the `{tenant}` path segment was meant: a multi-tenant alias or one directory. */
export type TenantKind = 'common' | 'organizations' | 'consumers' | 'directory';

export interface ResolvedTenant {
  /** The path segment as the caller wrote it. */
  segment: string;
  kind: TenantKind;
  /** Directory id; unset for `common` and `organizations`, which stand for any directory. */
  tid?: string;
  /** Readable name for error texts: the primary domain or the id. */
  name: string;
}

export interface TenantDirectory {
  /** Undefined when Microsoft would answer AADSTS90002 (tenant not found). */
  resolve(segment: string): ResolvedTenant | undefined;
}

/**
 * Tenants are known from the users' directory ids and email domains and from single-tenant
 * clients, so `/bau-firma.de/...` and `/{its guid}/...` both work, as with verified domains.
 */
export function createTenantDirectory(config: IdentityStubConfig): TenantDirectory {
  const namesByTid = new Map<string, string>();
  const tidsByDomain = new Map<string, string>();
  for (const user of config.users) {
    const tid = user.tid;
    const domain = domainOf(user.email);
    if (!namesByTid.has(tid)) {
      namesByTid.set(tid, domain);
    }
    tidsByDomain.set(domain, tid);
  }
  for (const client of config.clients) {
    const tid = client.singleTenantTid;
    if (tid && !namesByTid.has(tid)) {
      namesByTid.set(tid, tid);
    }
  }

  return {
    resolve(segment) {
      const key = segment.toLowerCase();
      if (key === 'common' || key === 'organizations') {
        return { segment, kind: key, name: key };
      }
      if (key === 'consumers' || key === CONSUMERS_TID) {
        return { segment, kind: 'consumers', tid: CONSUMERS_TID, name: 'consumers' };
      }
      const tid = namesByTid.has(key) ? key : tidsByDomain.get(key);
      if (!tid) {
        return undefined;
      }
      return { segment, kind: 'directory', tid, name: namesByTid.get(tid) ?? tid };
    },
  };
}

/** `/common`, `/organizations` and `/consumers` serve more than one directory. */
export function isMultiTenantEndpoint(tenant: ResolvedTenant): boolean {
  return tenant.kind !== 'directory';
}

/** Whether a user may sign in through this tenant path (else AADSTS50020). */
export function canSignInThrough(tenant: ResolvedTenant, user: StubUser): boolean {
  if (tenant.kind === 'common' || tenant.kind === 'organizations') {
    return true;
  }
  return tenant.tid === user.tid;
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}
