import { describe, expect, it, vi } from 'vitest';

vi.mock('@/env', () => ({ getEnv: () => ({ STOREFRONT_URL: 'https://shop.example' }) }));
vi.mock('@/server/context', () => ({ createContext: async () => ({}) }));
vi.mock('@/server/routers', async () => {
  const { initTRPC } = await import('@trpc/server');
  const t = initTRPC.create();
  return { appRouter: t.router({ ping: t.procedure.mutation(() => 'pong') }) };
});
const { POST } = await import('./route');

const call = (headers: Record<string, string>) =>
  POST(new Request('http://10.0.0.7:3000/api/trpc/ping', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' }));

describe('/api/trpc cross-site check', () => {
  it('accepts the page’s own origin: same Host, the forwarded host of a proxy, or the public URL', async () => {
    expect((await call({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' })).status).toBe(200);
    expect((await call({ host: 'storefront:3000', 'x-forwarded-host': 'www.omnicart.test', origin: 'https://www.omnicart.test' })).status).toBe(200);
    expect((await call({ host: 'storefront:3000', origin: 'https://shop.example' })).status).toBe(200);
    expect((await call({ host: 'storefront:3000' })).status).toBe(200); // no Origin: same-origin fetch of an old browser
  });

  it('refuses other sites and opaque origins', async () => {
    expect((await call({ host: 'shop.example', origin: 'https://evil.example' })).status).toBe(403);
    expect((await call({ host: 'shop.example', origin: 'null' })).status).toBe(403);
  });
});
