import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPrismaClient, toAppRoleUrl } from '@postwerk/db';
import Fastify from 'fastify';
import { pino } from 'pino';
import { type BenchApi, type SignedIn, signIn, startBenchApi } from './lib/bench-api.ts';
import { BENCH_DATABASE_URL, createBenchSecrets, prepareDatabase } from './lib/bench-env.ts';
import { createSendingTenant } from './lib/bench-tenant.ts';
import { type LoadResult, runLoad } from './lib/load-run.ts';
import { verdict } from './lib/stats.ts';

// API reads under load: the real API (buildApp, signed-in firm admin, row-level security as
// postwerk_app) against a bare Fastify route that answers the same JSON from memory, in the
// same process and run. Figures are printed, never asserted.
const MAILBOXES = Number(process.env.BENCH_MAILBOXES ?? 50);
const CONNECTIONS = Number(process.env.BENCH_API_CONNECTIONS ?? 10);
const DURATION_SECONDS = Number(process.env.BENCH_API_DURATION ?? 10);
const WARMUP_SECONDS = 2;
// autocannon stops with requests in flight and drops their sockets; the server still finishes
// them, so each run waits this long before the next one starts or the app closes.
const SETTLE_MS = 1000;
const TARGET_SHARE = 0.5;
const TARGET_P99_MS = 25;
// The tenant's outgoing server is never contacted here: nothing is sent.
const UNUSED_SMTP_PORT = 2525;

await prepareDatabase();
const owner = createPrismaClient({ databaseUrl: BENCH_DATABASE_URL });
const api = await startBenchApi(createBenchSecrets('api'), {
  DATABASE_URL: toAppRoleUrl(BENCH_DATABASE_URL),
});
const tenant = await createSendingTenant(owner, UNUSED_SMTP_PORT, MAILBOXES);
const session = await signIn(api.app, tenant.adminEmail, tenant.adminPassword);
const apiUrl = await api.app.listen({ host: '127.0.0.1', port: 0 });

const routes = [
  { name: 'GET /api/mailboxes', path: '/api/mailboxes' },
  { name: 'GET /api/settings', path: '/api/settings' },
];
const bodies = await Promise.all(routes.map((route) => readBody(api, session, route.path)));
const bare = await startBareApp(bodies);

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}`);
console.log(
  `mailboxes: ${MAILBOXES}, connections: ${CONNECTIONS}, ${DURATION_SECONDS} s per run ` +
    `after ${WARMUP_SECONDS} s warm-up, load from one worker thread`,
);

for (const [index, route] of routes.entries()) {
  const bareRun = await measure(`bare ${index}`, `${bare.url}/bare/${index}`);
  const apiRun = await measure(route.name, `${apiUrl}${route.path}`);
  const share = apiRun.requestsPerSecond / bareRun.requestsPerSecond;
  console.log('');
  console.log(`${route.name} (${bodies[index]?.length ?? 0} bytes)`);
  printRun('  bare Fastify route', bareRun);
  printRun('  real API          ', apiRun);
  console.log(`  API / bare: ${(share * 100).toFixed(1)} %`);
  console.log(`  target ≥ ${TARGET_SHARE * 100} % of bare: ${verdict(share >= TARGET_SHARE)}`);
  console.log(`  target p99 < ${TARGET_P99_MS} ms: ${verdict(apiRun.p99 < TARGET_P99_MS)}`);
}

await bare.app.close();
await api.close();
await owner.$disconnect();

/** The route's JSON as the API answers it to the signed-in admin; the bare app repeats it. */
async function readBody(target: BenchApi, signed: SignedIn, path: string): Promise<string> {
  const response = await target.app.inject({ method: 'GET', url: path, headers: signed.headers });
  if (response.statusCode !== 200) {
    throw new Error(`${path} answered ${response.statusCode}: ${response.body}`);
  }
  return response.body;
}

/** Fastify with nothing but one route per body, serialising the parsed body on every request. */
async function startBareApp(jsonBodies: string[]) {
  const app = Fastify({ loggerInstance: pino({ level: 'warn' }) });
  for (const [index, json] of jsonBodies.entries()) {
    const value: unknown = JSON.parse(json);
    app.get(`/bare/${index}`, async () => value);
  }
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url };
}

async function measure(title: string, url: string): Promise<LoadResult> {
  const options = { headers: session.headers, connections: CONNECTIONS };
  await runLoad(title, url, { ...options, durationSeconds: WARMUP_SECONDS });
  await sleep(SETTLE_MS);
  const result = await runLoad(title, url, { ...options, durationSeconds: DURATION_SECONDS });
  await sleep(SETTLE_MS);
  if (result.failures > 0) {
    // A run with errors measures the error path, not the route: say so instead of hiding it.
    console.log(`  ${title}: ${result.failures} of ${result.total} requests failed`);
  }
  return result;
}

function printRun(label: string, run: LoadResult): void {
  const rate = Math.round(run.requestsPerSecond).toLocaleString('en-US');
  console.log(
    `${label}: ${rate} req/s, p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms`,
  );
}
