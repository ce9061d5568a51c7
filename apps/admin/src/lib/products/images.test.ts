import { describe, expect, it } from 'vitest';
import { fileSize, isGeneratedImage, moved } from './images';

describe('product images helpers', () => {
  it('moves an image one place earlier or later, and leaves the ends alone', () => {
    expect(moved(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('words file sizes and tells placeholders from uploads', () => {
    expect(fileSize(5 * 1024 * 1024 + 1)).toBe('5.0 MB');
    expect(fileSize(340 * 1024)).toBe('340 KB');
    expect(fileSize(10)).toBe('1 KB');
    expect(isGeneratedImage('/images/products/mug.svg')).toBe(true);
    expect(isGeneratedImage(`/images/uploads/${'a'.repeat(64)}.webp`)).toBe(false);
  });
});
