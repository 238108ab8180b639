import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from 'pino';

const run = promisify(execFile);

export interface TlsFiles {
  caCertPath: string;
  certPath: string;
  keyPath: string;
}

// Both names are in the SAN so clients can dial either; 127.0.0.1 needs an IP entry because
// Node does not match IP addresses against DNS names (RFC 6125 section 1.7.2).
const SERVER_EXTENSIONS = [
  'basicConstraints = critical, CA:FALSE',
  'keyUsage = critical, digitalSignature, keyEncipherment',
  'extendedKeyUsage = serverAuth',
  'subjectAltName = DNS:localhost, IP:127.0.0.1',
].join('\n');

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/**
 * Makes a local CA and a server certificate signed by it, with `openssl`. Existing files are
 * kept while still valid, so a client started with NODE_EXTRA_CA_CERTS keeps trusting the stack
 * across restarts of a long-lived runtime dir (the demo's `.run/mail-stack`).
 */
export async function ensureTlsFiles(dir: string, log: Logger): Promise<TlsFiles> {
  const files: TlsFiles = {
    caCertPath: path.join(dir, 'ca.pem'),
    certPath: path.join(dir, 'server.pem'),
    keyPath: path.join(dir, 'server.key'),
  };
  if (await areUsable(files)) {
    log.debug({ dir }, 'reusing tls certificates');
    return files;
  }

  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await createCertificates(dir, files);
  log.info({ caCertPath: files.caCertPath }, 'tls certificates created');
  return files;
}

async function createCertificates(dir: string, files: TlsFiles): Promise<void> {
  const caKeyPath = path.join(dir, 'ca.key');
  const csrPath = path.join(dir, 'server.csr');
  const extPath = path.join(dir, 'server.ext');
  await writeFile(extPath, `${SERVER_EXTENSIONS}\n`);

  await run('openssl', [
    ...['req', '-x509', ...EC_KEY, '-keyout', caKeyPath, '-out', files.caCertPath],
    ...['-days', '3650', '-subj', '/CN=Postwerk mail-stack test CA'],
    ...['-addext', 'basicConstraints=critical,CA:TRUE'],
    ...['-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
  ]);
  await run('openssl', [
    ...['req', '-new', ...EC_KEY, '-keyout', files.keyPath, '-out', csrPath],
    ...['-subj', '/CN=localhost'],
  ]);
  await run('openssl', [
    ...['x509', '-req', '-in', csrPath, '-CA', files.caCertPath, '-CAkey', caKeyPath],
    ...['-set_serial', `0x${randomBytes(12).toString('hex')}`, '-days', '825'],
    ...['-extfile', extPath, '-out', files.certPath],
  ]);
  await rm(csrPath, { force: true });
}

async function areUsable(files: TlsFiles): Promise<boolean> {
  try {
    await Promise.all(Object.values(files).map((file) => access(file)));
    // A day of margin so a stack started today still works in tonight's test run.
    for (const cert of [files.caCertPath, files.certPath]) {
      await run('openssl', ['x509', '-checkend', '86400', '-noout', '-in', cert]);
    }
    await run('openssl', ['verify', '-CAfile', files.caCertPath, files.certPath]);
    return true;
  } catch {
    return false;
  }
}
