import { env } from '../env';
import { producerConnection } from './connection';
import { openQueues, type Queues } from './producer';

// The web process's producer, one per process (kept on globalThis across dev reloads).
const holder = globalThis as unknown as { __convgradeQueues?: Queues };

export function appQueues(): Queues {
  if (!holder.__convgradeQueues) {
    const connection = producerConnection(env().REDIS_URL);
    connection.on('error', () => {}); // reported per submission instead
    holder.__convgradeQueues = openQueues(connection);
  }
  return holder.__convgradeQueues;
}
