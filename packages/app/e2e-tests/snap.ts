import type { Page } from '@playwright/test';

const shots = 'test-results/e2e/screenshots';

/** A full-page screenshot of the current step, kept with the test results. */
export async function snap(page: Page, name: string) {
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}
