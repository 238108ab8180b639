import { hostname } from 'node:os';
import { buildLoggerOptions } from '@postwerk/contracts';
import { pino } from 'pino';
import { EnvError, loadWorkerEnv, type WorkerEnv } from './env.ts';
import { startWorkers } from './worker-runtime.ts';

const env = loadEnvOrExit();
const log = pino(buildLoggerOptions(env.LOG_LEVEL));
const name = `${hostname()}:${process.pid}`;
const runtime = await startWorkers(env, log, name);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'stopping: no new jobs, finishing the ones in flight');
    void runtime.stop().then(() => process.exit(0));
  });
}

function loadEnvOrExit(): WorkerEnv {
  try {
    return loadWorkerEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
