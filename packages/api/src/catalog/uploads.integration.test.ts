import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../testing/platform.js';
import { expectDeclared, outboxRows } from '../testing/outbox.test-support.js';
import { expectError, jsonRequest, type JsonResponse } from '../testing/http.test-support.js';
import { catalogEvents } from './events.js';

// Product image uploads through the gateway, as the admin sends them: the bytes in, a WebP on the
// local disk storage, the product's images updated (with its audit entry), the image served back
// with immutable caching and a locked-down content type; 401/403/413/415 refusals.

type Platform = Awaited<ReturnType<typeof startTestPlatform>>;
let platform: Platform;
let uploadsDir: string;
let adminToken: string;
let customerToken: string;
let product: { id: string; slug: string; images: { url: string; alt: string }[] };

async function login(email: string, password: string): Promise<string> {
  const response = await jsonRequest(`${platform.gatewayUrl}/api/v1`, 'POST', '/users/login', { body: { email, password } });
  expect(response.status, response.text).toBe(200);
  return response.body.accessToken as string;
}

async function upload(productId: string, bytes: Uint8Array, token: string | null, headers: Record<string, string> = {}): Promise<JsonResponse> {
  const response = await fetch(`${platform.gatewayUrl}/images/uploads/products/${productId}?alt=${encodeURIComponent('Front view')}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: bytes,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null, text };
}

beforeAll(async () => {
  uploadsDir = await mkdtemp(join(tmpdir(), 'omnicart-uploads-'));
  platform = await startTestPlatform({ catalogProducts: 50, env: { CATALOG_UPLOADS_DIR: uploadsDir } });
  adminToken = await login('admin@omnicart.test', 'omnicart-admin');
  customerToken = await login('demo@omnicart.test', 'omnicart-demo');
  const list = await jsonRequest(`${platform.gatewayUrl}/api/v1`, 'GET', '/products?limit=1', {});
  const first = list.body.items[0] as { id: string; slug: string };
  const detail = await jsonRequest(`${platform.gatewayUrl}/api/v1`, 'GET', `/products/${first.id}`, { token: adminToken });
  product = detail.body;
});

afterAll(async () => {
  await platform?.stop();
  await rm(uploadsDir, { recursive: true, force: true });
});

describe('POST /images/uploads/products/<id> through the gateway', () => {
  let uploadedUrl = '';

  it('201: stores a WebP under its content hash, puts it first on the product and records an audit entry', async () => {
    const png = await sharp({ create: { width: 2_400, height: 1_200, channels: 3, background: '#2da44e' } }).png().toBuffer();
    const response = await upload(product.id, png, adminToken, { 'content-type': 'text/plain' });
    expect(response.status, response.text).toBe(201);
    expect(response.body.added).toBe(true);
    expect(response.body.image).toMatchObject({ url: expect.stringMatching(/^\/images\/uploads\/[0-9a-f]{64}\.webp$/), alt: 'Front view', width: 2_000, height: 1_000 });
    uploadedUrl = response.body.image.url;
    expect(response.body.images.map((image: { url: string }) => image.url)).toEqual([uploadedUrl, ...product.images.map((image) => image.url)]);

    // On the local disk storage (fanned out by the hash's first two characters).
    const key = uploadedUrl.split('/').pop()!;
    expect(await readdir(join(uploadsDir, key.slice(0, 2)))).toEqual([key]);

    // The product as the storefront reads it: the upload is its first image.
    const detail = await jsonRequest(`${platform.gatewayUrl}/api/v1`, 'GET', `/products/${product.slug}`, {});
    expect(detail.body.images[0].url).toBe(uploadedUrl);

    const rows = await outboxRows(platform.pool, 'catalog', product.id);
    const audit = rows.filter((row) => row.type === 'catalog.audit_recorded');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.payload).toMatchObject({
      entityType: 'product',
      entityId: product.id,
      action: 'image_added',
      actorEmail: 'admin@omnicart.test',
      changes: [{ field: 'images', before: product.images.map((image) => image.url), after: [uploadedUrl, ...product.images.map((image) => image.url)] }],
    });
    expect(rows.some((row) => row.type === 'catalog.product_updated' && (row.payload.changed as string[]).includes('images'))).toBe(true);
    expectDeclared(rows, catalogEvents);
  });

  it('serves the stored bytes at the gateway: image/webp, nosniff, a sandboxing CSP, immutable', async () => {
    const response = await fetch(`${platform.gatewayUrl}${uploadedUrl}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(bytes.subarray(8, 12).toString('latin1')).toBe('WEBP');
    expect(`${createHash('sha256').update(bytes).digest('hex')}.webp`).toBe(uploadedUrl.split('/').pop());
    const again = await fetch(`${platform.gatewayUrl}${uploadedUrl}`, { headers: { 'if-none-match': response.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect((await fetch(`${platform.gatewayUrl}/images/uploads/${'0'.repeat(64)}.webp`)).status).toBe(404);
    expect((await fetch(`${platform.gatewayUrl}/images/uploads/../../etc/passwd`)).status).toBe(404);
  });

  it('the same bytes again change nothing (200, added false)', async () => {
    const png = await sharp({ create: { width: 2_400, height: 1_200, channels: 3, background: '#2da44e' } }).png().toBuffer();
    const response = await upload(product.id, png, adminToken);
    expect(response.status, response.text).toBe(200);
    expect(response.body.added).toBe(false);
    expect(response.body.images.filter((image: { url: string }) => image.url === uploadedUrl)).toHaveLength(1);
  });

  it('an SVG carrying script is stored as a raster with no script', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><script>alert(1)</script><rect width="40" height="40" fill="red"/></svg>');
    const response = await upload(product.id, svg, adminToken, { 'content-type': 'image/svg+xml' });
    expect(response.status, response.text).toBe(201);
    const served = Buffer.from(await (await fetch(`${platform.gatewayUrl}${response.body.image.url}`)).arrayBuffer());
    expect(served.subarray(8, 12).toString('latin1')).toBe('WEBP');
    expect(served.toString('latin1')).not.toContain('script');
  });

  it('reorders and removes through PUT /products/<id> (uploaded URLs are our own images)', async () => {
    const current = await jsonRequest(`${platform.gatewayUrl}/api/v1`, 'GET', `/products/${product.id}`, { token: adminToken });
    const images = current.body.images as { url: string; alt: string }[];
    const reordered = [images[1]!, images[0]!];
    const response = await jsonRequest(`${platform.gatewayUrl}/api/v1`, 'PUT', `/products/${product.id}`, { token: adminToken, body: { images: reordered } });
    expect(response.status, response.text).toBe(200);
    expect(response.body.images).toEqual(reordered);
  });

  it('415 for bytes that are not an accepted image, whatever the declared type and name', async () => {
    const response = await upload(product.id, Buffer.from('<html><script>alert(1)</script></html>'), adminToken, { 'content-type': 'image/png', 'content-disposition': 'attachment; filename="cat.png"' });
    expectError(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(response.body.error.message).toMatch(/PNG, JPEG, WebP, GIF or SVG/);
  });

  it('413 above 5 MB', async () => {
    const response = await upload(product.id, Buffer.alloc(5 * 1024 * 1024 + 1, 0x89), adminToken);
    expectError(response, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('401 without a token, 403 without products:write, 404 for an unknown product; nothing changes', async () => {
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } }).png().toBuffer();
    const auditBefore = await outboxRows(platform.pool, 'catalog', product.id, 'catalog.audit_recorded');
    expectError(await upload(product.id, png, null), 401, 'UNAUTHORIZED');
    expectError(await upload(product.id, png, customerToken), 403, 'FORBIDDEN');
    expectError(await upload('00000000-0000-4000-8000-000000000000', png, adminToken), 404, 'NOT_FOUND');
    // Refused uploads record nothing (the earlier uploads and the reorder each recorded one entry).
    expect(await outboxRows(platform.pool, 'catalog', product.id, 'catalog.audit_recorded')).toHaveLength(auditBefore.length);
  });
});
