/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and worker-only packages stay out of the bundle (docs/architecture.md has the boundaries).
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', 'bullmq', 'ioredis', 'bcryptjs'],
  typedRoutes: false,
  poweredByHeader: false,
  // `npm test` type-checks the whole project with tsc; the build need not do it twice.
  typescript: { ignoreBuildErrors: true },
};
export default nextConfig;
