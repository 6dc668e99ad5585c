import { test, expect } from '@playwright/test';
import { snap } from './snap';

test('guest signs in, browses the catalog, a component and the Create page', async ({
  page,
}) => {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await snap(page, '01-sign-in');
  await enter.click();

  // The catalog is the landing page and lists the example components.
  const payments = page.locator(
    'a[href="/catalog/default/component/payments"]',
  );
  await expect(payments).toBeVisible();
  await expect(
    page.locator('a[href="/catalog/default/component/ingress-gateway"]'),
  ).toBeVisible();
  await snap(page, '02-catalog');

  await payments.click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/payments/);
  await expect(page.getByText('Payments API. The demo incident')).toBeVisible();
  // The Kubernetes entity tab is offered (as a tab link) for components with Kubernetes annotations.
  await expect(
    page.getByRole('link', { name: 'Kubernetes', exact: true }),
  ).toBeVisible();
  await snap(page, '03-component');

  await page.getByRole('link', { name: 'Kubernetes', exact: true }).click();
  await expect(page).toHaveURL(/\/kubernetes$/);
  await snap(page, '04-component-kubernetes');

  await page.goto('/create');
  await expect(
    page.getByText('Example Node.js Template', { exact: true }),
  ).toBeVisible();
  await snap(page, '05-create');
});
