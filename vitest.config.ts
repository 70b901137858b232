import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // every answer is also written zod's way and must match the compiled serializer's
    // (server/plugins/serializer.ts); servers the tests start inherit it
    env: { CHECK_RESPONSES: '1' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts', 'common/**/*.test.ts', 'web/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
        },
      },
      {
        test: {
          name: 'int',
          include: ['server/**/*.int.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          setupFiles: ['e2e/setup.ts'],
          // expect.poll waits 1 s by default: too short for a server's answer on a loaded machine
          expect: { poll: { timeout: 30_000 } },
        },
      },
    ],
  },
})
