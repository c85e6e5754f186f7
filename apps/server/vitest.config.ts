import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@sipwatch/source'] },
  ssr: { resolve: { conditions: ['@sipwatch/source'], externalConditions: ['@sipwatch/source'] } },
  test: {
    name: 'server',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
