import path from 'node:path';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { appQueues } from '@/lib/queue/app-queues';

// bull-board's queue dashboard, served by its Hono adapter: a Hono app is a
// fetch handler, which is what a Next.js route handler calls.
export const BOARD_PATH = '/instructor/queues';

const holder = globalThis as unknown as { __convgradeBoard?: Hono };

export function queueBoard(): Hono {
  if (holder.__convgradeBoard) return holder.__convgradeBoard;
  const q = appQueues();
  const adapter = new HonoAdapter(serveStatic);
  adapter.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(q.grade), new BullMQAdapter(q.train)],
    serverAdapter: adapter,
    options: {
      // The UI's files, found from the working directory the server runs in
      // (its own lookup uses require.resolve, which a bundle does not have).
      uiBasePath: path.resolve('node_modules/@bull-board/ui'),
      uiConfig: { boardTitle: 'ConvGrade queues', miscLinks: [{ text: 'Back to ConvGrade', url: '/instructor' }] },
    },
  });
  const app = new Hono();
  app.route(BOARD_PATH, adapter.registerPlugin());
  return (holder.__convgradeBoard = app);
}
