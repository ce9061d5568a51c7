import { describe, expect, it } from 'vitest';
import { isCorrectable, pickCorrection } from './typo.js';

describe('typo correction', () => {
  it('picks the most similar candidate above the threshold', () => {
    expect(
      pickCorrection('headphnes', [
        { word: 'headphones', similarity: 0.62, documents: 300 },
        { word: 'phones', similarity: 0.36, documents: 10 },
      ]),
    ).toBe('headphones');
  });

  it('breaks similarity ties by how many products use the word, then alphabetically', () => {
    expect(
      pickCorrection('lamb', [
        { word: 'lamp', similarity: 0.5, documents: 10 },
        { word: 'lame', similarity: 0.5, documents: 90 },
      ]),
    ).toBe('lame');
    expect(
      pickCorrection('lamb', [
        { word: 'lamp', similarity: 0.5, documents: 10 },
        { word: 'lame', similarity: 0.5, documents: 10 },
      ]),
    ).toBe('lame');
  });

  it('keeps the word when nothing is similar enough', () => {
    expect(pickCorrection('xqzv', [{ word: 'xbox', similarity: 0.2, documents: 5 }])).toBeNull();
    expect(pickCorrection('xqzv', [])).toBeNull();
    expect(pickCorrection('lamp', [{ word: 'lamp', similarity: 1, documents: 5 }])).toBeNull();
    expect(pickCorrection('lamb', [{ word: 'lamp', similarity: 0.5, documents: 5 }], 0.6)).toBeNull();
  });

  it('only corrects alphabetic words of four letters or more', () => {
    expect(isCorrectable('hedphones')).toBe(true);
    expect(isCorrectable('usb')).toBe(false);
    expect(isCorrectable('4k')).toBe(false);
    expect(isCorrectable('a4')).toBe(false);
  });
});
