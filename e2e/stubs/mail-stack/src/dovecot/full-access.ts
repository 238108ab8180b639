import { chmod, rename, utimes, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildFullAccess, requireUsableAddress } from '../accounts.ts';

/**
 * Exchange's Full Access grants for POP3 (mailbox → accounts whose tokens may open it), kept in
 * the passwd-file that Dovecot's last XOAUTH2 passdb reads (see config.ts). A change rewrites
 * the file and resolves once Dovecot's next login is certain to read it.
 */
export class FullAccessGrants {
  readonly #filePath: string;
  readonly #initial: Readonly<Record<string, readonly string[]>>;
  #grants = new Map<string, Set<string>>();
  #lastStamp = 0;

  private constructor(filePath: string, initial: Readonly<Record<string, readonly string[]>>) {
    this.#filePath = filePath;
    this.#initial = initial;
  }

  /** Writes the default grants merged with `extra`, before Dovecot starts. */
  static async create(
    filePath: string,
    extra: Readonly<Record<string, readonly string[]>> = {},
  ): Promise<FullAccessGrants> {
    const grants = new FullAccessGrants(filePath, extra);
    grants.#grants = buildFullAccess(extra);
    // Dovecot has not started yet: nothing to wait for.
    await grants.#write({ settle: false });
    return grants;
  }

  has(mailbox: string, account: string): boolean {
    const accounts = this.#grants.get(requireUsableAddress(mailbox));
    return accounts?.has(requireUsableAddress(account)) ?? false;
  }

  async allow(mailbox: string, account: string): Promise<void> {
    const key = requireUsableAddress(mailbox);
    const accounts = this.#grants.get(key) ?? new Set<string>();
    accounts.add(requireUsableAddress(account));
    this.#grants.set(key, accounts);
    await this.#write({ settle: true });
  }

  async revoke(mailbox: string, account: string): Promise<void> {
    this.#grants.get(requireUsableAddress(mailbox))?.delete(requireUsableAddress(account));
    await this.#write({ settle: true });
  }

  /** Back to the grants given at start. */
  async reset(): Promise<void> {
    this.#grants = buildFullAccess(this.#initial);
    await this.#write({ settle: true });
  }

  snapshot(): Record<string, string[]> {
    return Object.fromEntries([...this.#grants].map(([mailbox, set]) => [mailbox, [...set]]));
  }

  async #write({ settle }: { settle: boolean }): Promise<void> {
    // One line per grant, keyed "<mailbox>/<account>"; `nopassword` because the oauth2 passdb
    // before it has already checked the token.
    const lines = [...this.#grants].flatMap(([mailbox, accounts]) =>
      [...accounts].map((account) => `${mailbox}/${account}:::::::nopassword\n`),
    );
    const next = `${this.#filePath}.next`;
    await writeFile(next, lines.join(''));
    await chmod(next, 0o644);
    // Dovecot's passwd-file reloads when mtime (whole seconds) or size changed, and stats the
    // file at most once a second: give every version a later mtime, and answer only once the
    // second of this write has passed.
    this.#lastStamp = Math.max(Math.floor(Date.now() / 1000), this.#lastStamp + 1);
    await utimes(next, this.#lastStamp, this.#lastStamp);
    await rename(next, this.#filePath);
    if (settle) {
      await sleep(1005 - (Date.now() % 1000));
    }
  }
}
