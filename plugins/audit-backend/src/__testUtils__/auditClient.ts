import { mockCredentials } from '@backstage/backend-test-utils';
import { AUDITOR } from './startAuditedBackend';

export const as = (ref: string) => mockCredentials.user.header(ref);

/** Polls until `fn` answers something other than undefined. */
export async function waitFor<T>(
  fn: () => Promise<T | undefined>,
  what: string,
  ms = 30_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

/** Every page of GET /v1/events, read as the auditor. */
export async function allEvents(url: string, query = '') {
  const items: any[] = [];
  let cursor: string | undefined;
  do {
    const res = await fetch(
      `${url}/api/audit/v1/events?limit=500${query}${
        cursor ? `&cursor=${cursor}` : ''
      }`,
      { headers: { authorization: as(AUDITOR) } },
    );
    if (res.status !== 200)
      throw new Error(`GET /v1/events answered ${res.status}`);
    const page = await res.json();
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

export async function auditStatus(url: string) {
  const res = await fetch(`${url}/api/audit/v1/status`, {
    headers: { authorization: as(AUDITOR) },
  });
  if (res.status !== 200)
    throw new Error(`GET /v1/status answered ${res.status}`);
  return res.json();
}
