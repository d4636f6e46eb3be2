/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and worker-only packages stay out of the bundle (DESIGN.md).
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', 'bullmq', 'ioredis', 'bcryptjs'],
  typedRoutes: false,
  poweredByHeader: false,
};
export default nextConfig;
