import { defineConfig } from '@playwright/test';

// Run by ingress-ws's WebClientIT against a platform it started (ROOMCAST_URL and the scenario's users and room in
// the environment). Debian's Chromium only (ROOMCAST_CHROMIUM, default /usr/bin/chromium): never a downloaded browser.
// Its microphone is Chromium's fake device, playing ROOMCAST_SPEECH_WAV (a project speech clip) when set, else a beep.
const speech = process.env.ROOMCAST_SPEECH_WAV;
export default defineConfig({
  testDir: 'e2e',
  outputDir: process.env.ROOMCAST_WEB_ARTIFACTS ?? 'target/e2e',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  retries: 0,
  workers: 1,
  reporter: 'list',
  use: {
    baseURL: process.env.ROOMCAST_URL,
    launchOptions: {
      executablePath: process.env.ROOMCAST_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync',
        '--disable-background-networking', '--disable-component-update',
        '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required',
        '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
        ...(speech ? [`--use-file-for-fake-audio-capture=${speech}`] : []),
      ],
    },
  },
});
