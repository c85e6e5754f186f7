import { defineConfig } from 'vite';
import type { PluginOption } from 'vite';
import react from '@vitejs/plugin-react';
import { compression } from 'vite-plugin-compression2';

// The plugin's types name the workspace's other vite (vitest's); at run time it is this build's plugin.
const precompress = compression({
  algorithms: ['brotliCompress', 'gzip'],
  threshold: 1024,
  exclude: [/\.map$/],
}) as unknown as PluginOption;

export default defineConfig({
  // Brotli and gzip copies beside each file at build, so the server never compresses per request.
  plugins: [react(), precompress],
  resolve: { conditions: ['@sipwatch/source'] },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/socket.io': { target: 'http://127.0.0.1:8080', ws: true },
    },
  },
  build: { outDir: 'dist', sourcemap: true },
});
