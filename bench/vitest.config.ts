import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Fault runs spawn and kill worker processes; each file stays under about a minute.
    testTimeout: 150_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
