import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The console is a static build served by the Guestlist server itself (src/http/console.ts). */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000, sourcemap: false },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
