import { headers } from 'next/headers';
import { envValue } from '@/lib/env';
import { siteIsHttps, withApiHeaders } from '@/lib/http/security-headers';
import { errorResponse } from '../respond';

// File downloads (CSV, results.json) from instructor routes; errors are the
// same JSON messages as every other route.
export async function download(work: () => Promise<{ filename: string; body: string; type: string }>): Promise<Response> {
  try {
    const f = await work();
    const res = new Response(f.body, {
      headers: {
        'content-type': f.type,
        'content-disposition': `attachment; filename="${f.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
        'cache-control': 'no-store',
      },
    });
    return withApiHeaders(res, { https: siteIsHttps(envValue('NEXTAUTH_URL')) });
  } catch (e) {
    return errorResponse(e, await headers());
  }
}
