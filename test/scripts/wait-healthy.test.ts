import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitHealthy } from '../../scripts/lib/wait-healthy';
import { freePort } from '../../scripts/lib/redis-server';

// The start script announces "running" only on this answering ok.
let server: http.Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function serve(statuses: number[]): Promise<string> {
  let i = 0;
  server = http.createServer((_req, res) => res.writeHead(statuses[Math.min(i++, statuses.length - 1)]!).end());
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/health`;
}

describe('waitHealthy', () => {
  it('is ok once the health route answers 200, after earlier failures', async () => {
    const url = await serve([503, 503, 200]);
    expect(await waitHealthy({ url, attempts: 5, intervalMs: 10 })).toEqual({ ok: true, last: 'HTTP 200' });
  });

  it('is not ok when the route never answers 200, and says what it last saw', async () => {
    const url = await serve([500]);
    expect(await waitHealthy({ url, attempts: 3, intervalMs: 10 })).toEqual({ ok: false, last: 'HTTP 500' });
  });

  it('is not ok when nothing listens', async () => {
    const r = await waitHealthy({ url: `http://127.0.0.1:${await freePort()}/api/health`, attempts: 2, intervalMs: 10 });
    expect(r.ok).toBe(false);
    expect(r.last).not.toBe('no answer yet');
  });

  it('gives up at once when cancelled', async () => {
    const url = await serve([200]);
    expect(await waitHealthy({ url, attempts: 5, intervalMs: 10, cancelled: () => true })).toEqual({ ok: false, last: 'cancelled' });
  });
});
