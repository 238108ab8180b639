import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BenchApi, startBenchApi } from '../src/lib/bench-api.ts';
import { createBenchSecrets, prepareDatabase, workerEnvOf } from '../src/lib/bench-env.ts';
import { spawnWorker } from '../src/lib/worker-process.ts';

// Both processes answer GET /metrics in Prometheus text format with the series dashboards use.
describe('/metrics', () => {
  const secrets = createBenchSecrets('metrics');
  let api: BenchApi;

  beforeAll(async () => {
    await prepareDatabase();
    api = await startBenchApi(secrets);
  });
  afterAll(() => api?.close());

  it('serves request durations and queue depths on the API', async () => {
    await api.app.inject({ method: 'GET', url: '/api/mailboxes' });
    const response = await api.app.inject({ method: 'GET', url: '/metrics' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toContain(
      'postwerk_http_request_duration_seconds_count{method="GET",route="/api/mailboxes",status="401"}',
    );
    expect(response.body).toContain('postwerk_queue_jobs{queue="send-mail",state="waiting"}');
  });

  it('serves job, failure, token and queue series on the worker', async () => {
    const port = await freePort();
    const worker = await spawnWorker(workerEnvOf(secrets, { METRICS_PORT: String(port) }));
    try {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      const body = await response.text();

      expect(response.status).toBe(200);
      expect(body).toContain('postwerk_queue_jobs{queue="poll-pop3",state="waiting"}');
      expect(body).toContain('# TYPE postwerk_job_duration_seconds histogram');
      expect(body).toContain('# TYPE postwerk_job_failures_total counter');
      expect(body).toContain('# TYPE postwerk_token_refreshes_total counter');
      expect(body).toContain('process_cpu_seconds_total');
    } finally {
      await worker.stop();
    }
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
