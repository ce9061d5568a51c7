import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../runtime/errors.js';
import { createLocalImageStorage, createMemoryImageStorage } from './image-storage.js';
import { MAX_IMAGE_DIMENSION, processUpload, sniffImageType, withUploadedImage } from './uploads.js';

const png = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#c0392b' } }).png().toBuffer();

const SCRIPTED_SVG = Buffer.from(
  `<?xml version="1.0" encoding="UTF-8"?>
<!-- a logo -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80" onload="alert('onload')">
  <script>alert(document.cookie)</script>
  <rect width="120" height="80" fill="#2f81f7"/>
  <a href="javascript:alert(1)"><text x="10" y="40">click</text></a>
</svg>`,
);

describe('sniffImageType', () => {
  it('reads the type from the first bytes, whatever the file was called', async () => {
    expect(sniffImageType(await png(2, 2))).toBe('png');
    expect(sniffImageType(await sharp(await png(2, 2)).jpeg().toBuffer())).toBe('jpeg');
    expect(sniffImageType(await sharp(await png(2, 2)).webp().toBuffer())).toBe('webp');
    expect(sniffImageType(await sharp(await png(2, 2)).gif().toBuffer())).toBe('gif');
    expect(sniffImageType(SCRIPTED_SVG)).toBe('svg');
    expect(sniffImageType(Buffer.from('\uFEFF  <svg viewBox="0 0 1 1"/>'))).toBe('svg');
  });

  it('refuses anything else: text, HTML carrying an SVG, PDF, a truncated signature', () => {
    expect(sniffImageType(Buffer.from('hello, this is not a picture'))).toBeNull();
    expect(sniffImageType(Buffer.from('<html><body><svg></svg></body></html>'))).toBeNull();
    expect(sniffImageType(Buffer.from('%PDF-1.7\n'))).toBeNull();
    expect(sniffImageType(Buffer.from([0x89, 0x50, 0x4e]))).toBeNull();
    expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toBeNull();
    expect(sniffImageType(Buffer.alloc(0))).toBeNull();
  });
});

describe('processUpload', () => {
  it('re-encodes a raster as WebP under its content hash, longest side capped', async () => {
    const processed = await processUpload(await png(3_000, 1_000));
    expect(processed).toMatchObject({ contentType: 'image/webp', width: MAX_IMAGE_DIMENSION, height: 667, source: 'png' });
    expect(processed.key).toMatch(/^[0-9a-f]{64}\.webp$/);
    expect(sniffImageType(processed.bytes)).toBe('webp');
    // Same bytes in, same key out (content-addressed).
    expect((await processUpload(await png(3_000, 1_000))).key).toBe(processed.key);
  });

  it('drops metadata (EXIF) from a JPEG', async () => {
    const jpeg = await sharp(await png(64, 64))
      .jpeg()
      .withExif({ IFD0: { Copyright: 'SECRET-OWNER-NAME', ImageDescription: 'GPS-AT-HOME' } })
      .toBuffer();
    expect(jpeg.includes('SECRET-OWNER-NAME')).toBe(true);
    const processed = await processUpload(jpeg);
    expect(processed.bytes.includes('SECRET-OWNER-NAME')).toBe(false);
    expect(processed.bytes.includes('GPS-AT-HOME')).toBe(false);
    expect((await sharp(processed.bytes).metadata()).exif).toBeUndefined();
  });

  it('rasterises an SVG with <script>, event handlers and javascript: links: what is stored is pixels, no script survives', async () => {
    const processed = await processUpload(SCRIPTED_SVG);
    expect(processed.source).toBe('svg');
    expect(sniffImageType(processed.bytes)).toBe('webp');
    expect(processed.width).toBeGreaterThan(0);
    const text = processed.bytes.toString('latin1');
    for (const fragment of ['<script', 'alert', 'onload', 'javascript:', '<svg']) expect(text).not.toContain(fragment);
    // The drawing itself is kept (the blue rectangle).
    const { dominant } = await sharp(processed.bytes).stats();
    expect(dominant.b).toBeGreaterThan(dominant.r);
  });

  it('answers 415 for bytes of another type, 400 for a damaged image', async () => {
    const refused = await processUpload(Buffer.from('#!/bin/sh\nrm -rf /\n')).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((refused as DomainError).message).toMatch(/PNG, JPEG, WebP, GIF or SVG/);
    const damaged = (await png(50, 50)).subarray(0, 60);
    const broken = await processUpload(damaged).catch((error: unknown) => error);
    expect((broken as DomainError).code).toBe('VALIDATION_FAILED');
  });
});

describe('withUploadedImage', () => {
  it('puts an upload after earlier uploads and before the generated placeholder; the same image twice changes nothing', () => {
    const generated = { url: '/images/products/mug.svg', alt: 'Mug' };
    const first = { url: `/images/uploads/${'a'.repeat(64)}.webp`, alt: 'Mug, front' };
    const second = { url: `/images/uploads/${'b'.repeat(64)}.webp`, alt: 'Mug, side' };
    expect(withUploadedImage([generated], first)).toEqual([first, generated]);
    expect(withUploadedImage([first, generated], second)).toEqual([first, second, generated]);
    expect(withUploadedImage([first, second], first)).toEqual([first, second]);
  });
});

describe('image storage', () => {
  it('stores by content key and refuses keys that are not hashes', async () => {
    const storage = createMemoryImageStorage();
    const key = `${'c'.repeat(64)}.webp`;
    await storage.put(key, Buffer.from('x'), 'image/webp');
    expect((await storage.get(key))?.bytes.toString()).toBe('x');
    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
    await expect(storage.put('../../etc/passwd', Buffer.from('x'), 'image/webp')).rejects.toThrow(/Invalid image key/);
  });
});

describe('local disk image storage', () => {
  it('writes under the folder by key (fanned out), reads back, deletes, and refuses keys that are not hashes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'omnicart-storage-'));
    try {
      const storage = createLocalImageStorage(dir);
      const key = `${'d'.repeat(64)}.webp`;
      await storage.put(key, Buffer.from('webp bytes'), 'image/webp');
      expect(await readdir(join(dir, 'dd'))).toEqual([key]);
      expect(await storage.get(key)).toEqual({ bytes: Buffer.from('webp bytes'), contentType: 'image/webp' });
      expect(await storage.get('../secret.webp')).toBeNull();
      await storage.delete(key);
      expect(await storage.get(key)).toBeNull();
      await expect(storage.put('a/../../b.webp', Buffer.from('x'), 'image/webp')).rejects.toThrow(/Invalid image key/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
