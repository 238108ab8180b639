import { DEFAULT_SEND_AS, normalizeEmail } from './accounts.ts';

/** Per-account behaviour switches that make the stack answer like a misconfigured tenant. */
export interface AccountSwitches {
  /** AUTH answers `535 5.7.139 ... SmtpClientAuthentication is disabled for the Tenant`. */
  smtpAuthDisabled: boolean;
  /** Every message of this account is refused with `554 5.2.252 SendAsDenied`. */
  sendAsDenied: boolean;
  /** MAIL FROM answers `421 4.7.66` and the connection is closed. */
  throttled: boolean;
}

const NO_SWITCHES: AccountSwitches = {
  smtpAuthDisabled: false,
  sendAsDenied: false,
  throttled: false,
};

/**
 * In-process switches of the SMTP side. Tests in the same process call these methods; tests in
 * another process use the HTTP control server, which calls the same methods.
 */
export class MailStackControls {
  readonly #switches = new Map<string, AccountSwitches>();
  readonly #sendAs = new Map<string, Set<string>>();
  readonly #initialSendAs: Record<string, readonly string[]>;

  constructor(sendAs: Record<string, readonly string[]> = {}) {
    this.#initialSendAs = { ...DEFAULT_SEND_AS, ...sendAs };
    this.reset();
  }

  /** Changes some switches of one account and returns its switches afterwards. */
  set(email: string, changes: Partial<AccountSwitches>): AccountSwitches {
    const address = normalizeEmail(email);
    const next = { ...this.get(address), ...changes };
    this.#switches.set(address, next);
    return next;
  }

  get(email: string): AccountSwitches {
    return this.#switches.get(normalizeEmail(email)) ?? { ...NO_SWITCHES };
  }

  /** Grants `sender` the right to send as `address` (Exchange's "Send As"). */
  allowSendAs(address: string, sender: string): void {
    const key = normalizeEmail(address);
    const senders = this.#sendAs.get(key) ?? new Set<string>();
    senders.add(normalizeEmail(sender));
    this.#sendAs.set(key, senders);
  }

  revokeSendAs(address: string, sender: string): void {
    this.#sendAs.get(normalizeEmail(address))?.delete(normalizeEmail(sender));
  }

  canSendAs(sender: string, address: string): boolean {
    const from = normalizeEmail(address);
    const who = normalizeEmail(sender);
    return from === who || (this.#sendAs.get(from)?.has(who) ?? false);
  }

  /** Clears all switches and restores the send-as grants given at start. */
  reset(): void {
    this.#switches.clear();
    this.#sendAs.clear();
    for (const [address, senders] of Object.entries(this.#initialSendAs)) {
      for (const sender of senders) {
        this.allowSendAs(address, sender);
      }
    }
  }

  snapshot(): { switches: Record<string, AccountSwitches>; sendAs: Record<string, string[]> } {
    const sendAs: Record<string, string[]> = {};
    for (const [address, senders] of this.#sendAs) {
      sendAs[address] = [...senders];
    }
    return { switches: Object.fromEntries(this.#switches), sendAs };
  }
}
