// Configuration for the normal Prisma CLI (users with internet access can run
// `pnpm --filter @postwerk/db exec prisma migrate deploy` against the same folder).
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: '../../prisma/schema.prisma',
  migrations: { path: '../../prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postwerk' },
});
