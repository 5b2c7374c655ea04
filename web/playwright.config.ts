import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser. The flags keep it from reaching for outside hosts.
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/playwright',
  globalSetup: './e2e/stack.ts',
  // One stack, one worker: pushes of a deployment queue behind each other anyway.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  // No retries: a test that fails once has failed. (The one flake seen, the dashboard missing a push's events, was
  // fixed on 2026-12-07; the retry CI kept while watching for it found nothing to retry since.)
  retries: 0,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    headless: true,
    viewport: { width: 1280, height: 1200 },
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
