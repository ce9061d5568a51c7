/** A product image as the catalog keeps it. */
export interface ProductImage {
  url: string;
  alt: string;
}

/** What the image actions answer the component with. */
export interface ImagesState {
  status: 'idle' | 'error' | 'done';
  message?: string;
  /** The product's images after the change (absent when nothing changed). */
  images?: ProductImage[];
}

/** The catalog's limits (catalog/uploads.ts): 5 MB per upload, 10 images per product. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const MAX_PRODUCT_IMAGES = 10;
export const ACCEPTED_IMAGE_TYPES = 'image/png,image/jpeg,image/webp,image/gif,image/svg+xml';

/** "1.2 MB", "340 KB" */
export function fileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The images with the one at `index` moved by `by` places (−1 earlier, +1 later); unchanged at the ends. */
export function moved<T>(items: readonly T[], index: number, by: -1 | 1): T[] {
  const target = index + by;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return [...items];
  const next = [...items];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}

/** A generated placeholder (the catalog draws it), as opposed to an uploaded or linked photo. */
export const isGeneratedImage = (url: string): boolean => url.startsWith('/images/products/');
