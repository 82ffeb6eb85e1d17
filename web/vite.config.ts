import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev` proxies the gateway's REST routes and WebSocket to a running `./roomcast up` (port 8080).
const gateway = process.env.ROOMCAST_GATEWAY ?? 'http://localhost:8080';
const restRoutes = ['/dev', '/hallway', '/rooms', '/users', '/clubs', '/search', '/notifications', '/topics'];

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', assetsDir: 'assets', sourcemap: false },
  server: {
    proxy: Object.fromEntries([
      ...restRoutes.map((r) => [r, { target: gateway, changeOrigin: true }]),
      ['/ws', { target: gateway.replace(/^http/, 'ws'), ws: true }],
    ]),
  },
});
