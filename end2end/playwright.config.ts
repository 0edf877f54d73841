import { defineConfig } from '@playwright/test';

// Kring's browser tests run in Debian's Chromium (never a downloaded browser)
// against the debug build that `make test` makes with `cargo leptos build`.
// The server starts on a fresh database with the demo event seeded.
const port = 3100;

export default defineConfig({
  testDir: './tests',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  fullyParallel: false,
  // The summary last: CI keeps only the tail of the output.
  reporter: [['list'], ['./summary-reporter.ts']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: 'rm -rf target/e2e && mkdir -p target/e2e && exec target/debug/kring',
    cwd: '..',
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: 'target/site',
      LEPTOS_SITE_PKG_DIR: 'pkg',
      LEPTOS_OUTPUT_NAME: 'kring',
      DATABASE_URL: 'sqlite://target/e2e/kring.db',
      KRING_SEED_DEMO: 'true',
      KRING_DEMO_PASSWORD: 'e2e-organizer-password',
      RUST_LOG: 'warn,highs=error',
    },
  },
});
