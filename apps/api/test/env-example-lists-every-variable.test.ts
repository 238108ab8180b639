import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_VARIABLE_NAMES } from '../src/env.ts';

// .env.example fell behind env.ts once (the Microsoft settings were missing): this keeps them
// together. A variable counts as listed when a line sets it, or shows it commented out.
describe('.env.example', () => {
  it('lists every variable this app reads, each under a comment', () => {
    const lines = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8')
      .split('\n')
      .map((line) => line.trim());

    const missing = ENV_VARIABLE_NAMES.filter((name) => !lines.some((l) => setsVariable(l, name)));

    expect(missing).toEqual([]);
    for (const name of ENV_VARIABLE_NAMES) {
      const index = lines.findIndex((line) => setsVariable(line, name));
      // Variables that belong together (host and port) may share the comment above them.
      const above = lines.slice(0, index).findLast((line) => !VARIABLE_LINE.test(line));
      expect(above, name).toMatch(/^# /);
    }
  });
});

const VARIABLE_LINE = /^(# )?[A-Z][A-Z0-9_]*=/;

function setsVariable(line: string, name: string): boolean {
  return line.startsWith(`${name}=`) || line.startsWith(`# ${name}=`);
}
