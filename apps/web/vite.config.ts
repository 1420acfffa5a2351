import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves dist/ at '/' with an SPA fallback; in dev, /api goes to the local server.
export default defineConfig({
  base: '/',
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd's shared core lands in the entry chunk; pages and admin screens are split by React.lazy.
    chunkSizeWarningLimit: 1200,
  },
});
