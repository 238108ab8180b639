import { randomBytes } from 'node:crypto';
import { chown, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { normalizeEmail } from './accounts.ts';
import type { MailOwner } from './mail-owner.ts';
import type { MaildirEntry } from './types.ts';

const HOST_PART = os.hostname().replace(/[/:]/g, '_');

/**
 * Maildirs at `<mailRoot>/<email>/Maildir`, the layout Dovecot's static userdb points at.
 * Delivery follows the Maildir protocol (write in tmp/, rename into new/), so Dovecot can read
 * while we write and never sees half a message.
 */
export class MaildirStore {
  readonly #mailRoot: string;
  readonly #owner: MailOwner;
  readonly #ready = new Set<string>();
  #sequence = 0;

  constructor(mailRoot: string, owner: MailOwner) {
    this.#mailRoot = mailRoot;
    this.#owner = owner;
  }

  maildirPath(email: string): string {
    const address = normalizeEmail(email);
    // The address becomes a directory name; refuse anything that could leave the mail root.
    if (!/^[^/\\\0]+@[^/\\\0]+$/.test(address) || address.startsWith('.')) {
      throw new Error(`not a usable mailbox address: ${JSON.stringify(email)}`);
    }
    return path.join(this.#mailRoot, address, 'Maildir');
  }

  async ensure(email: string): Promise<string> {
    const maildir = this.maildirPath(email);
    if (this.#ready.has(maildir)) {
      return maildir;
    }

    const home = path.dirname(maildir);
    for (const dir of [this.#mailRoot, home, maildir, ...subfolders(maildir)]) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await this.#handOver(dir);
    }
    this.#ready.add(maildir);
    return maildir;
  }

  /**
   * Stores `raw` byte for byte. No Return-Path or Received header is added, so a test can compare
   * what it sent by SMTP with what POP3 RETR returns.
   */
  async deliver(email: string, raw: Buffer | string): Promise<MaildirEntry> {
    const maildir = await this.ensure(email);
    const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    const name = this.#uniqueName(bytes.length);
    const tmpPath = path.join(maildir, 'tmp', name);
    const finalPath = path.join(maildir, 'new', name);

    await writeFile(tmpPath, bytes, { flag: 'wx', mode: 0o600 });
    await this.#handOver(tmpPath);
    await rename(tmpPath, finalPath);
    return { folder: 'new', name, path: finalPath, bytes };
  }

  async list(email: string): Promise<MaildirEntry[]> {
    const maildir = this.maildirPath(email);
    const entries: MaildirEntry[] = [];
    for (const folder of ['new', 'cur'] as const) {
      const dir = path.join(maildir, folder);
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const name of names) {
        const filePath = path.join(dir, name);
        entries.push({ folder, name, path: filePath, bytes: await readFile(filePath) });
      }
    }
    // Names start with the delivery time (seconds, then zero-padded microseconds).
    return entries.sort((a, b) => baseName(a.name).localeCompare(baseName(b.name)));
  }

  // Maildir++ style: <seconds>.M<usec>P<pid>Q<seq>R<random>.<host>,S=<size>. Dovecot trusts S=
  // as the file size, which holds because the bytes are stored unchanged.
  #uniqueName(size: number): string {
    const epochMicros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
    const seconds = Math.floor(epochMicros / 1_000_000);
    const micros = String(epochMicros % 1_000_000).padStart(6, '0');
    this.#sequence += 1;
    const unique = `M${micros}P${process.pid}Q${this.#sequence}R${randomBytes(4).toString('hex')}`;
    return `${seconds}.${unique}.${HOST_PART},S=${size}`;
  }

  async #handOver(target: string): Promise<void> {
    if (this.#owner.runningAsRoot) {
      await chown(target, this.#owner.uid, this.#owner.gid);
    }
  }
}

function subfolders(maildir: string): string[] {
  return ['tmp', 'new', 'cur'].map((folder) => path.join(maildir, folder));
}

function baseName(name: string): string {
  return name.split(':')[0] ?? name;
}
