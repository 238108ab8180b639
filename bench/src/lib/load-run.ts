import autocannon from 'autocannon';

export type LoadOptions = {
  headers: Record<string, string>;
  connections: number;
  durationSeconds: number;
};

export type LoadResult = {
  title: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  /** Answers other than 2xx plus connection errors: a run with any is not a valid figure. */
  failures: number;
};

/**
 * Drives `url` with autocannon from one worker thread, so the load generator runs on its own
 * event loop and not on the server's. Latencies are in milliseconds.
 */
export async function runLoad(title: string, url: string, options: LoadOptions) {
  const result = await autocannon({
    url,
    title,
    workers: 1,
    connections: options.connections,
    duration: options.durationSeconds,
    headers: options.headers,
  });
  return {
    title,
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    failures: result.non2xx + result.errors,
  } satisfies LoadResult;
}
