import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';
import { readWebEnv } from './lib/env';

const { apiInternalUrl } = readWebEnv();

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // `next dev` would otherwise write an AGENTS.md with upgrade reminders into the app folder.
  agentRules: false,
  experimental: { agentUpgrade: false },
  // The browser talks to one origin only: the API's session cookie and CSRF cookie are then
  // first-party, and no CORS is needed. Known limit: Next.js resolves rewrites when it
  // builds, so API_INTERNAL_URL must be set for `next build`, not only for `next start`.
  async rewrites() {
    return [
      { source: '/api/:path*', destination: `${apiInternalUrl}/api/:path*` },
      { source: '/docs', destination: `${apiInternalUrl}/docs` },
      { source: '/docs/:path*', destination: `${apiInternalUrl}/docs/:path*` },
    ];
  },
};

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

export default withNextIntl(nextConfig);
