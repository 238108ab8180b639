import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The system account Dovecot accesses Maildirs as. */
export interface MailOwner {
  uid: number;
  gid: number;
  user: string;
  group: string;
  /** The stack itself runs as root (CI, containers). */
  runningAsRoot: boolean;
}

/**
 * Dovecot never touches mail as uid 0 ("Mail access not allowed for root", and a userdb uid of 0
 * is refused outright), so under root the Maildirs belong to Dovecot's own `dovecot` account,
 * which its package always creates. Otherwise they belong to the running user.
 */
export async function resolveMailOwner(): Promise<MailOwner> {
  const runningAsRoot = process.getuid?.() === 0;
  const users = parseAccounts(await readFile('/etc/passwd', 'utf8'));
  const groups = parseAccounts(await readFile('/etc/group', 'utf8'));

  if (!runningAsRoot) {
    const me = os.userInfo();
    const group = groups.find((entry) => entry.id === me.gid)?.name ?? me.username;
    return { uid: me.uid, gid: me.gid, user: me.username, group, runningAsRoot };
  }

  const account = users.find((entry) => entry.name === 'dovecot');
  if (!account || account.gid === undefined) {
    throw new Error(
      'running as root needs the "dovecot" system user (apt-get install dovecot-core)',
    );
  }
  const group = groups.find((entry) => entry.id === account.gid)?.name ?? 'dovecot';
  return { uid: account.id, gid: account.gid, user: account.name, group, runningAsRoot };
}

/**
 * Fails early with a clear message when Dovecot's mail processes could not enter `dir`, instead
 * of the opaque "Internal error occurred" a POP3 client would get at login.
 */
export async function assertSearchable(dir: string, owner: MailOwner): Promise<void> {
  if (!owner.runningAsRoot) {
    return;
  }

  const absolute = path.resolve(dir);
  const chain = absolute.split(path.sep).map((_, i, parts) => parts.slice(0, i + 1).join(path.sep));
  for (const current of chain.map((entry) => entry || path.sep)) {
    const info = await stat(current);
    const byOwner = info.uid === owner.uid && (info.mode & 0o100) !== 0;
    const byGroup = info.gid === owner.gid && (info.mode & 0o010) !== 0;
    if (!byOwner && !byGroup && (info.mode & 0o001) === 0) {
      throw new Error(
        `Dovecot reads mail as "${owner.user}", which cannot enter ${current} ` +
          `(mode ${(info.mode & 0o777).toString(8)}); choose a runtimeDir whose parents are o+x`,
      );
    }
  }
}

interface AccountEntry {
  name: string;
  id: number;
  gid?: number;
}

function parseAccounts(text: string): AccountEntry[] {
  return text
    .split('\n')
    .map((line) => line.split(':'))
    .filter((fields) => fields.length >= 3 && fields[0])
    .map((fields) => ({
      name: fields[0] ?? '',
      id: Number(fields[2]),
      gid: fields[3] === undefined ? undefined : Number(fields[3]),
    }));
}
