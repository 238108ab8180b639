import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A self-signed certificate for localhost / 127.0.0.1, its own trust anchor. */
export interface TestCertificate {
  key: Buffer;
  cert: Buffer;
}

let cached: Promise<TestCertificate> | undefined;

/** Generates (once per test file) a throw-away certificate with the openssl CLI. */
export function getTestCertificate(): Promise<TestCertificate> {
  cached ??= generate();
  return cached;
}

async function generate(): Promise<TestCertificate> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mailcore-cert-'));
  const keyPath = path.join(dir, 'key.pem');
  const certPath = path.join(dir, 'cert.pem');
  try {
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ]);
    return { key: await readFile(keyPath), cert: await readFile(certPath) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
