import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@sipwatch/source'] },
  test: { name: 'codes', include: ['src/**/*.test.ts'] },
});
