import { expect, type Page } from '@playwright/test';
import { snap } from './snap';

/** Boxes whose content runs out of them: [what, its text] for each. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const root = document.querySelector('[data-testid="rca-report-page"]');
    if (!root) return ['no report page'];
    // Table cells: nothing wider than the cell (long ids and pod names wrap).
    for (const cell of Array.from(root.querySelectorAll('td, th')))
      if (cell.scrollWidth > cell.clientWidth + 1)
        bad.push(`cell: ${cell.textContent?.slice(0, 60)}`);
    // Timeline labels: each text inside its box.
    for (const node of Array.from(root.querySelectorAll('g.timeline-node'))) {
      const box = node.querySelector('path.node-bkg')?.getBoundingClientRect();
      const text = node.querySelector('text')?.getBoundingClientRect();
      if (!box || !text) continue;
      if (
        text.left < box.left - 2 ||
        text.right > box.right + 2 ||
        text.top < box.top - 2 ||
        text.bottom > box.bottom + 2
      )
        bad.push(`timeline label: ${node.textContent?.slice(0, 60)}`);
    }
    // Chips and the page itself: nothing wider than the window.
    for (const chip of Array.from(root.querySelectorAll('.MuiChip-root')))
      if (
        chip.getBoundingClientRect().right >
        root.getBoundingClientRect().right + 1
      )
        bad.push(`chip: ${chip.textContent}`);
    if (document.documentElement.scrollWidth > window.innerWidth + 1)
      bad.push(`page is ${document.documentElement.scrollWidth} px wide`);
    return bad;
  });
}

/**
 * The report page at one width: header, chain/hypotheses, charts and timeline shown, nothing
 * running out of its box, no markup shown as text. A full-page screenshot is kept.
 */
export async function checkReportPage(page: Page, width: number) {
  await page.setViewportSize({ width, height: 1000 });
  const header = page.getByTestId('rca-report-header');
  await expect(header).toBeVisible();
  await expect(
    header.getByText('crashloop_missing_env_or_config'),
  ).toBeVisible();
  await expect(header.getByText(/UTC$/)).toBeVisible();
  await expect(page.getByTestId('rca-hypotheses')).toBeVisible();
  await expect(page.getByTestId('rca-metric-chart').first()).toBeVisible();
  await expect(
    page
      .getByTestId('rca-metric-chart')
      .first()
      .locator('svg.recharts-surface'),
  ).toBeVisible();
  await expect(
    page.locator(
      '[data-testid="rca-timeline"] [data-testid="rca-diagram"] svg',
    ),
  ).toBeVisible();
  // The report uses the page's width, not a column beside the About card.
  const box = await page.getByTestId('rca-report-page').boundingBox();
  expect(box!.width).toBeGreaterThan(width * 0.6);
  expect(await overflowing(page)).toEqual([]);
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/<\/?(sub|sup|b|i|br|div|span|script)\b[^>]*>|&lt;/);
  await snap(page, `16-report-page-${width}`);
}
