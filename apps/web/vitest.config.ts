import { defineProject } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineProject({
  plugins: [react()],
  resolve: { conditions: ['@sipwatch/source'] },
  // Tests in the node environment resolve through the SSR path: workspace packages from source there too.
  ssr: { resolve: { conditions: ['@sipwatch/source'], externalConditions: ['@sipwatch/source'] } },
  test: {
    name: 'web',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    // Some view tests start a real server and page through it: 3.7 s in a CI run, so the default
    // 5 s left too little room on a busy 2-core machine.
    testTimeout: 20_000,
  },
});
