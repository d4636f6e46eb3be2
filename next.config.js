import createNextIntlPlugin from 'next-intl/plugin';

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and worker-only packages stay out of the bundle (docs/architecture.md has the boundaries).
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'pg', '@bull-board/api', '@bull-board/hono', '@bull-board/ui', 'bullmq', 'ioredis', 'bcryptjs'],
  typedRoutes: false,
  poweredByHeader: false,
  // `npm test` type-checks the whole project with tsc; the build need not do it twice.
  typescript: { ignoreBuildErrors: true },
  // proxy.ts runs for pages only, which take no request bodies: copy little of one.
  experimental: { proxyClientMaxBodySize: '64kb' },
  // Headers that do not depend on the environment, on everything including
  // static files. The CSP and HSTS are set at run time (proxy.ts for pages,
  // app/api/respond.ts for API answers): they depend on NEXTAUTH_URL.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};
// next-intl finds its per-request configuration (language and messages) in i18n/request.ts.
export default createNextIntlPlugin('./i18n/request.ts')(nextConfig);
