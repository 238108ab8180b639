// Runs every test suite and prints one closing line `N passed, N failed` for CI.
// Suites: biome and tsc over the whole workspace; vitest in each workspace package that has
// tests (real PostgreSQL and Redis); then Playwright in Chromium against the whole stack
// started by lib/stack.ts.
// `run-tests.ts --e2e-only [playwright args]` runs only the browser tests, with the given
// Playwright arguments (a spec file, `-g <title>`), against a freshly started stack.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStack } from './lib/stack.ts';
import { PROFILES, REPO_ROOT } from './lib/stack-profile.ts';

const VITEST_PACKAGES = [
  'packages/db',
  'packages/mailcore',
  'packages/deliverability',
  'e2e/stubs/ms-identity',
  'e2e/stubs/mail-stack',
  'e2e/stubs/dns',
  'apps/api',
  'apps/worker',
  'apps/web',
  'bench',
];

const STATIC_CHECKS: [string, string[]][] = [
  ['biome check', ['exec', 'biome', 'check', '.']],
  ['typecheck', ['run', 'typecheck']],
];

const isE2eOnly = process.argv[2] === '--e2e-only';
const playwrightArgs = isE2eOnly ? process.argv.slice(3) : [];

const resultsDir = join(REPO_ROOT, '.run', 'test-results');
mkdirSync(resultsDir, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSuites: string[] = [];
// Browser tests get one retry in CI; a test that needed it passes but is named in the summary.
const flakyTests: string[] = [];

// Lint and types first: cheap, and a failure here names the file at once.
for (const [name, args] of isE2eOnly ? [] : STATIC_CHECKS) {
  console.log(`\n=== ${name}`);
  const run = spawnSync('pnpm', args, { cwd: REPO_ROOT, stdio: 'inherit' });
  countCheck(name, run.status);
}

for (const dir of isE2eOnly ? [] : VITEST_PACKAGES) {
  if (!existsSync(join(REPO_ROOT, dir, 'test')) && !existsSync(join(REPO_ROOT, dir, 'src'))) {
    continue;
  }
  const output = join(resultsDir, `${dir.replaceAll('/', '-')}.json`);
  console.log(`\n=== vitest: ${dir}`);
  const run = spawnSync(
    'pnpm',
    ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${output}`],
    { cwd: join(REPO_ROOT, dir), stdio: 'inherit' },
  );
  countVitest(dir, output, run.status);
}

console.log('\n=== playwright: e2e');
const stack = await startStack(PROFILES.e2e).catch((error: Error) => {
  console.error(`could not start the stack for the browser tests: ${error.message}`);
  return undefined;
});
if (stack) {
  const output = join(resultsDir, 'playwright.json');
  const run = spawnSync(
    'pnpm',
    ['exec', 'playwright', 'test', '--reporter=list,json', ...playwrightArgs],
    {
      cwd: join(REPO_ROOT, 'e2e'),
      stdio: 'inherit',
      env: {
        ...process.env,
        E2E_BASE_URL: stack.webUrl,
        E2E_IDENTITY_URL: stack.identityUrl,
        E2E_API_URL: stack.apiUrl,
        E2E_MAIL_CONTROL_URL: stack.mailControlUrl,
        // The stack's database as its owner: a spec may move a support session's end into the
        // past (see e2e/fixtures/database.ts), which nothing in the product can do.
        E2E_DATABASE_URL: stack.profile.databaseUrl,
        PLAYWRIGHT_JSON_OUTPUT_NAME: output,
      },
    },
  );
  await stack.stop();
  countPlaywright(output, run.status);
} else {
  totals.failed += 1;
  failedSuites.push('e2e (stack did not start)');
}

if (failedSuites.length) {
  console.log(`\nfailed suites: ${failedSuites.join(', ')}`);
}
if (flakyTests.length) {
  console.log(`\npassed only on their retry: ${flakyTests.join('; ')}`);
}
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
const flaky = flakyTests.length ? ` (${flakyTests.length} of them on a retry)` : '';
console.log(`\n${totals.passed} passed${flaky}, ${totals.failed} failed${skipped}`);
process.exit(totals.failed > 0 || failedSuites.length > 0 ? 1 : 0);

function countCheck(name: string, status: number | null): void {
  if (status === 0) {
    totals.passed += 1;
    return;
  }
  totals.failed += 1;
  failedSuites.push(name);
}

function countVitest(dir: string, output: string, status: number | null): void {
  if (!existsSync(output)) {
    totals.failed += 1;
    failedSuites.push(`${dir} (no results, exit ${status})`);
    return;
  }
  const report = JSON.parse(readFileSync(output, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  if (status !== 0) {
    failedSuites.push(dir);
  }
}

function countPlaywright(output: string, status: number | null): void {
  if (!existsSync(output)) {
    totals.failed += 1;
    failedSuites.push(`e2e (no results, exit ${status})`);
    return;
  }
  const report = JSON.parse(readFileSync(output, 'utf8'));
  const stats = report.stats;
  totals.passed += stats.expected + stats.flaky;
  flakyTests.push(...flakyTitlesOf(report.suites ?? []));
  totals.failed += stats.unexpected;
  totals.skipped += stats.skipped;
  if (status !== 0) {
    failedSuites.push('e2e');
  }
}

type PlaywrightSuite = {
  title: string;
  specs?: Array<{ title: string; tests: Array<{ status: string }> }>;
  suites?: PlaywrightSuite[];
};

function flakyTitlesOf(suites: PlaywrightSuite[]): string[] {
  return suites.flatMap((suite) => [
    ...(suite.specs ?? [])
      .filter((spec) => spec.tests.some((test) => test.status === 'flaky'))
      .map((spec) => `${suite.title} › ${spec.title}`),
    ...flakyTitlesOf(suite.suites ?? []),
  ]);
}
