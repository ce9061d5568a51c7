import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Where uploaded product images live: a port with put/get/delete by key, so the catalog does not
 * care whether the bytes sit on a local disk or in an object store. Keys are content hashes
 * (`<sha256>.webp`): the same bytes always get the same key, and a key's bytes never change.
 *
 * The platform ships the local-disk adapter (CATALOG_UPLOADS_DIR, default `.omnicart/uploads` at the repository root,
 * git-ignored beside the embedded database). An S3-compatible adapter is the extension point:
 * implement this interface over the bucket (PutObject/GetObject/DeleteObject) and pick it in
 * module.ts when its settings are given; nothing else changes.
 */
export interface StoredImage {
  bytes: Buffer;
  contentType: string;
}

export interface ImageStorage {
  /** Stores `bytes` under `key` (overwriting is harmless: keys are content hashes). */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<StoredImage | null>;
  /** Removes `key` (no error when it is already gone). */
  delete(key: string): Promise<void>;
}

/** A key the storage accepts: a lower-case hex hash and an image extension (never a path). */
export const IMAGE_KEY = /^[0-9a-f]{64}\.(?:webp|png)$/;

const CONTENT_TYPES: Record<string, string> = { webp: 'image/webp', png: 'image/png' };

function checkedKey(key: string): string {
  if (!IMAGE_KEY.test(key)) throw new Error(`Invalid image key "${key}"`);
  return key;
}

/** Local disk: one file per key under `directory` (two-character fan-out so no folder grows huge). */
export function createLocalImageStorage(directory: string): ImageStorage {
  const root = resolve(directory);
  const pathOf = (key: string): string => {
    const file = join(root, checkedKey(key).slice(0, 2), key);
    if (!file.startsWith(root + sep)) throw new Error('image key escapes the storage folder');
    return file;
  };
  return {
    async put(key, bytes) {
      const file = pathOf(key);
      await mkdir(dirname(file), { recursive: true });
      // Written whole, then renamed: a reader never sees half a file.
      const staging = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(staging, bytes);
      await rename(staging, file);
    },
    async get(key) {
      if (!IMAGE_KEY.test(key)) return null;
      try {
        const bytes = await readFile(pathOf(key));
        return { bytes, contentType: CONTENT_TYPES[key.split('.').pop()!] ?? 'application/octet-stream' };
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOENT') return null;
        throw error;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}

/** In memory (tests). */
export function createMemoryImageStorage(): ImageStorage & { keys(): string[] } {
  const files = new Map<string, StoredImage>();
  return {
    async put(key, bytes, contentType) {
      files.set(checkedKey(key), { bytes, contentType });
    },
    async get(key) {
      return files.get(key) ?? null;
    },
    async delete(key) {
      files.delete(key);
    },
    keys: () => [...files.keys()],
  };
}
