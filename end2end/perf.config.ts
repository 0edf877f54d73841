import { defineConfig } from '@playwright/test';

// Load-time measurement against the release build (scripts/phone-load.sh
// builds it and starts the server on this port).
const port = Number(process.env.PORT ?? 3300);

export default defineConfig({
  testDir: './perf',
  timeout: 300_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
});
