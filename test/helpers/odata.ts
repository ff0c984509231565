import { expect } from 'vitest';

/** One OData read over HTTP: its status, headers and JSON body. */
export async function odata(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

/** Every page of a feed, following `@odata.nextLink` to the end, each answered 200. */
export async function walkFeed(url: string) {
  const pages: any[] = [];
  for (let next: string | undefined = url; next;) {
    const page = await odata(next);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    pages.push(page.body);
    next = page.body['@odata.nextLink'];
  }
  return { pages, rows: pages.flatMap((p) => p.value as any[]) };
}
