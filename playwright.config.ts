import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';

/** Layered over app-config.yaml: the tests' own report repository and databases. */
const e2eConfig = resolve(
  __dirname,
  'packages/app/e2e-tests/app-config.e2e.yaml',
);
const baseConfig = resolve(__dirname, 'app-config.yaml');

/**
 * End-to-end tests drive Debian's Chromium (never a downloaded browser) against the product
 * started as the README starts it (`./rca start`), with the e2e config layered on: the reports
 * the tests make go to a repository of their own, never into the demo's.
 */
export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [
    ['list'],
    ['json', { outputFile: 'test-results/e2e/results.json' }],
  ],
  outputDir: 'test-results/e2e/artifacts',
  webServer: [
    {
      command: `rm -rf .data/e2e && bash scripts/start.sh --config ${baseConfig} --config ${e2eConfig}`,
      url: 'http://localhost:3000',
      // Never a running demo: the tests would commit their reports into its repository.
      reuseExistingServer: false,
      timeout: 300_000,
      stdout: 'ignore',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    },
    {
      // Nothing to start: this entry only waits for the backend as well, since the frontend is
      // often served first and the first sign-in needs the backend.
      command: 'node -e "setInterval(() => {}, 1 << 30)"',
      url: 'http://localhost:7007/.backstage/health/v1/readiness',
      reuseExistingServer: true,
      timeout: 300_000,
      stdout: 'ignore',
    },
  ],
  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
      ],
    },
  },
});
