import { createServer, type Server } from 'node:http';
import { QUEUE_NAMES } from '@postwerk/contracts';
import {
  type MicrosoftIdentityConfig,
  MicrosoftIdentityError,
  refreshAccessToken,
} from '@postwerk/mailcore';
import { Queue, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

export type WorkerMetrics = {
  registry: Registry;
  /** Counts job durations, failures and failed settings tests (by error code) of these workers. */
  instrument(workers: Worker[]): void;
  /** The token service's refresh call, counted by outcome and, when it fails, by code. */
  countedRefresh: typeof refreshAccessToken;
  close(): Promise<void>;
};

/**
 * Prometheus metrics of one worker process: queue depths (read from Redis at scrape time),
 * job durations, failures by error code, failed settings tests by error code and Microsoft
 * token refreshes by outcome and error code.
 */
export function createWorkerMetrics(connection: Redis, prefix: string): WorkerMetrics {
  const registry = new Registry();
  // prom-client samples event-loop lag with a 10 ms timer by default: 100 wake-ups a second,
  // most of an idle worker's CPU. Every 100 ms still catches the stalls that matter to a worker.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 100 });
  const durations = new Histogram({
    name: 'postwerk_job_duration_seconds',
    help: 'Time from a job being taken to its completion or failure.',
    labelNames: ['queue', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const failures = new Counter({
    name: 'postwerk_job_failures_total',
    help: 'Failed job attempts by queue and error code.',
    labelNames: ['queue', 'code'],
    registers: [registry],
  });
  // A settings test that finds a problem completes its job (the finding is its result), so
  // job failures never see it; yet its codes are the first sign of e.g. SMTP AUTH switched off.
  const testFailures = new Counter({
    name: 'postwerk_settings_test_failures_total',
    help: 'Settings tests that found a problem, by kind and error code.',
    labelNames: ['kind', 'code'],
    registers: [registry],
  });
  const refreshes = new Counter({
    name: 'postwerk_token_refreshes_total',
    help: 'Microsoft access-token refreshes by outcome; failed ones by AADSTS or error code.',
    labelNames: ['outcome', 'code'],
    registers: [registry],
  });
  const queues = Object.values(QUEUE_NAMES).map((name) => new Queue(name, { connection, prefix }));
  new Gauge({
    name: 'postwerk_queue_jobs',
    help: 'Jobs per queue and state, read from Redis at scrape time.',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      for (const queue of queues) {
        const counts = await queue.getJobCounts(...JOB_STATES);
        for (const state of JOB_STATES) {
          this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      }
    },
  });

  return {
    registry,
    instrument(workers) {
      for (const worker of workers) {
        worker.on('completed', (job, result) => {
          durations.observe({ queue: worker.name, outcome: 'completed' }, secondsOf(job));
          const testFailure = worker.name === QUEUE_NAMES.settingsTest ? codeOfTest(result) : null;
          if (testFailure) {
            testFailures.inc({ kind: job.name, code: testFailure });
          }
        });
        worker.on('failed', (job, err) => {
          durations.observe({ queue: worker.name, outcome: 'failed' }, secondsOf(job));
          // Processors throw the error code as the message (see mail-failure.ts).
          failures.inc({ queue: worker.name, code: codeOf(err) });
        });
      }
    },
    async countedRefresh(config: MicrosoftIdentityConfig, refreshToken: string) {
      try {
        const tokens = await refreshAccessToken(config, refreshToken);
        refreshes.inc({ outcome: 'ok' });
        return tokens;
      } catch (error) {
        refreshes.inc({ outcome: 'failed', code: codeOfRefresh(error) });
        throw error;
      }
    },
    async close() {
      await Promise.all(queues.map((queue) => queue.close()));
    },
  };
}

/** A tiny HTTP server answering GET /metrics on 127.0.0.1 (METRICS_PORT). */
export async function serveMetrics(registry: Registry, port: number, log: Logger) {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    registry
      .metrics()
      .then((body) => response.writeHead(200, { 'content-type': registry.contentType }).end(body))
      .catch((err: Error) => {
        log.warn({ err: err.message }, 'metrics scrape failed');
        response.writeHead(500).end();
      });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  log.info({ port }, 'metrics listening');
  return server;
}

function secondsOf(job: { processedOn?: number; finishedOn?: number } | undefined): number {
  if (!job?.processedOn) {
    return 0;
  }
  return ((job.finishedOn ?? Date.now()) - job.processedOn) / 1000;
}

function codeOf(err: Error): string {
  return /^[A-Z][A-Z0-9_]+$/.test(err.message) ? err.message : 'UNKNOWN';
}

/** The code of a failed settings test (see jobs/settings-test.ts), or null when it passed. */
function codeOfTest(result: unknown): string | null {
  const { status, code } = (result ?? {}) as { status?: unknown; code?: unknown };
  return status === 'FAILED' && typeof code === 'string' ? code : null;
}

// A bounded set of labels: Microsoft's first AADSTS code, its OAuth error, or the transport.
function codeOfRefresh(error: unknown): string {
  if (error instanceof MicrosoftIdentityError) {
    const [aadsts] = error.aadstsCodes;
    return aadsts ? `AADSTS${aadsts}` : error.error.toUpperCase();
  }
  if (error instanceof Error && error.name === 'TimeoutError') {
    return 'TIMEOUT';
  }
  return error instanceof TypeError ? 'NETWORK' : 'UNKNOWN';
}
