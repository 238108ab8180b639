import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Queues } from './queues.ts';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

/**
 * GET /metrics in Prometheus text format: request durations by route and status, and the
 * depth of every queue the API produces into (read from Redis at scrape time).
 * Known limit: the endpoint has no authentication; expose the API port to the scraper and the
 * reverse proxy only, and block /metrics at the proxy for the public.
 */
export function registerMetrics(app: FastifyInstance, queues: Queues): void {
  const registry = new Registry();
  // prom-client samples event-loop lag every 10 ms by default, which wakes an idle process
  // 100 times a second; 100 ms is plenty for a dashboard.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 100 });
  const durations = new Histogram({
    name: 'postwerk_http_request_duration_seconds',
    help: 'API request durations by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const producing = [queues.sendMail, queues.pollPop3, queues.settingsTest, queues.health];
  new Gauge({
    name: 'postwerk_queue_jobs',
    help: 'Jobs per queue and state, read from Redis at scrape time.',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      for (const queue of producing) {
        const counts = await queue.getJobCounts(...JOB_STATES);
        for (const state of JOB_STATES) {
          this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      }
    },
  });

  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL: ids in paths would make one series per record.
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    durations.observe(labels, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const body = await registry.metrics();
    return reply.type(registry.contentType).send(body);
  });
}
