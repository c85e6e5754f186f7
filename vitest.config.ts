import { defineConfig } from 'vitest/config';

// One run covers every package; each project keeps its own environment.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts'],
  },
});
