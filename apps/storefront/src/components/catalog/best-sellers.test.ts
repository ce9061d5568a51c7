import { describe, expect, it } from 'vitest';
import { pickBestSellers } from './best-sellers';

const p = (id: string) => ({ id });

describe('best-seller shelf', () => {
  it('shows real best sellers when at least four have sold', () => {
    const shelf = pickBestSellers([p('a'), p('b'), p('c'), p('d'), p('e')], [p('x')], [], 4);
    expect(shelf).toEqual({ heading: 'Best sellers', products: [p('a'), p('b'), p('c'), p('d')] });
  });

  it('fills up with other products and stops calling them best sellers', () => {
    const shelf = pickBestSellers([p('a'), p('b')], [p('a'), p('n1'), p('x'), p('y'), p('z')], ['n1'], 4);
    expect(shelf).toEqual({ heading: 'Popular right now', products: [p('a'), p('b'), p('x'), p('y')] });
  });

  it('says "Featured products" when nothing has sold, and reuses excluded products only as a last resort', () => {
    const shelf = pickBestSellers([], [p('n1'), p('x')], ['n1'], 3);
    expect(shelf).toEqual({ heading: 'Featured products', products: [p('x'), p('n1')] });
  });
});
