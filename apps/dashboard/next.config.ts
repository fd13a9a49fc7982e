import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

const nextConfig: NextConfig = {
  // the workspace root holds the lockfile and node_modules
  turbopack: { root },
  outputFileTracingRoot: root,
  // the store's drivers and BullMQ stay plain Node requires (native addons, Lua scripts read from disk)
  serverExternalPackages: ['better-sqlite3', 'pg', 'bullmq', 'ioredis', 'kysely'],
  // `npm run typecheck` checks the dashboard (tsconfig.json here); a build at `rnnlab dashboard` need not again
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // unauthorized() / forbidden(): a signed-out server action answers 401 (lib/server/auth.ts)
  experimental: { authInterrupts: true },
};

export default nextConfig;
