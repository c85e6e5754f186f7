import { defineProject } from 'vitest/config';

// Workspace packages resolve to their TypeScript source, so tests pass on a clone that was never built.
export default defineProject({
  resolve: { conditions: ['@sipwatch/source'] },
  ssr: { resolve: { conditions: ['@sipwatch/source'], externalConditions: ['@sipwatch/source'] } },
  test: { name: 'wire', include: ['src/**/*.test.ts'] },
});
