import { env } from '@/lib/env';
import { appMetrics, renderAppMetrics } from '@/lib/metrics/app-metrics';
import { hasMetricsToken } from '@/lib/metrics/registry';

export const dynamic = 'force-dynamic';

// Prometheus scrape endpoint. Off (404) unless METRICS_TOKEN is set; then the
// scraper sends "Authorization: Bearer <METRICS_TOKEN>".
export async function GET(req: Request) {
  const token = env().METRICS_TOKEN;
  if (!token) return new Response('Not found\n', { status: 404 });
  if (!hasMetricsToken(req.headers.get('authorization'), token)) {
    return new Response('A bearer token is required\n', { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' } });
  }
  try {
    return new Response(await renderAppMetrics(), { headers: { 'Content-Type': appMetrics().registry.contentType, 'Cache-Control': 'no-store' } });
  } catch (e) {
    // Redis or the database is away: say so plainly; Prometheus records the scrape as failed.
    return new Response(`metrics unavailable: ${(e as Error).message}\n`, { status: 503 });
  }
}
