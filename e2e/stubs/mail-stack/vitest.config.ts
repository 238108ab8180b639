import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each file starts a real Dovecot; stopping it takes 1–3 s.
    hookTimeout: 20_000,
    testTimeout: 15_000,
  },
});
