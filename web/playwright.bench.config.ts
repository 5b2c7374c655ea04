import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// The web bench (scripts/bench --web): the same stack and browser as the end-to-end tests, other files, and
// figures printed rather than asserted.
export default defineConfig({
  ...base,
  testDir: 'bench',
  testMatch: '**/*.bench.ts',
  outputDir: 'test-results/bench',
  timeout: 300_000,
});
