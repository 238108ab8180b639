import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MailStackPorts } from './types.ts';

export interface MailStackEnv {
  runtimeDir: string;
  identityUrl: string;
  ports: Partial<MailStackPorts>;
  logLevel: string;
}

const PORT_VARIABLES: Record<keyof MailStackPorts, string> = {
  pop3: 'MAIL_STACK_POP3_PORT',
  pop3s: 'MAIL_STACK_POP3S_PORT',
  submission: 'MAIL_STACK_SUBMISSION_PORT',
  smtps: 'MAIL_STACK_SMTPS_PORT',
  control: 'MAIL_STACK_CONTROL_PORT',
};

/** Reads the CLI's environment once; exits naming the variable when one is invalid. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): MailStackEnv {
  const ports: Partial<MailStackPorts> = {};
  for (const [name, variable] of Object.entries(PORT_VARIABLES)) {
    const value = env[variable];
    if (value !== undefined && value !== '') {
      ports[name as keyof MailStackPorts] = parsePort(variable, value);
    }
  }

  const identityUrl = env.MAIL_STACK_IDENTITY_URL || 'http://127.0.0.1:4011';
  if (!URL.canParse(identityUrl)) {
    fail('MAIL_STACK_IDENTITY_URL', `not a URL: ${identityUrl}`);
  }
  const root = findRepoRoot();
  return {
    runtimeDir: path.resolve(root, env.MAIL_STACK_DIR || '.run/mail-stack'),
    identityUrl,
    ports,
    logLevel: env.LOG_LEVEL || 'info',
  };
}

function parsePort(variable: string, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(variable, `not a port number: ${value}`);
  }
  return port;
}

// Relative MAIL_STACK_DIR values are taken from the repo root, wherever the CLI is started.
function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'pnpm-workspace.yaml'))) {
    const parent = path.dirname(dir);
    if (parent === dir) {
      return process.cwd();
    }
    dir = parent;
  }
  return dir;
}

function fail(variable: string, problem: string): never {
  process.stderr.write(`mail-stack: invalid ${variable}: ${problem}\n`);
  process.exit(1);
}
