import { QUEUE_NAMES } from '@postwerk/contracts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export type Queues = {
  sendMail: Queue;
  pollPop3: Queue;
  settingsTest: Queue;
  health: Queue;
  close(): Promise<void>;
};

/** The BullMQ queues the API produces into; the worker consumes them. */
export function createQueues(connection: Redis, prefix: string, log: Logger): Queues {
  const open = (name: string) => {
    const queue = new Queue(name, { connection, prefix });
    queue.on('error', (err) => log.warn({ queue: name, err: err.message }, 'queue error'));
    return queue;
  };
  const queues = {
    sendMail: open(QUEUE_NAMES.sendMail),
    pollPop3: open(QUEUE_NAMES.pollPop3),
    settingsTest: open(QUEUE_NAMES.settingsTest),
    health: open(QUEUE_NAMES.health),
  };
  return {
    ...queues,
    async close() {
      await Promise.all(Object.values(queues).map((queue) => queue.close()));
    },
  };
}
