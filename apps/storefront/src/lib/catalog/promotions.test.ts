import { describe, expect, it } from 'vitest';
import { parentCategories, promotionBadge, promotionBadges, type LivePromotion } from './promotions';

const TREE = [
  { id: 'outdoors', children: [{ id: 'camping' }, { id: 'running' }] },
  { id: 'electronics', children: [{ id: 'cameras' }] },
];
const parents = parentCategories(TREE);
const promo = (overrides: Partial<LivePromotion>): LivePromotion => ({
  id: 'p',
  name: 'Weekend sale',
  label: '10 % off',
  scope: 'order',
  categoryIds: [],
  productIds: [],
  minSubtotal: 0,
  endsAt: null,
  ...overrides,
});
const tent = { id: 'tent', category: { id: 'camping' } };
const camera = { id: 'camera', category: { id: 'cameras' } };

describe('promotion badges', () => {
  it('an order-wide promotion covers every product', () => {
    const live = [promo({ id: 'all' })];
    expect(promotionBadge(tent, live, parents)?.label).toBe('10 % off');
    expect(promotionBadge(camera, live, parents)?.promotionId).toBe('all');
  });

  it('a category promotion covers its products and its sub-categories’ products, nothing else', () => {
    const live = [promo({ id: 'outdoor', scope: 'categories', categoryIds: ['outdoors'], label: '15 % off' })];
    expect(promotionBadge(tent, live, parents)?.label).toBe('15 % off');
    expect(promotionBadge(camera, live, parents)).toBeNull();
    const leaf = [promo({ scope: 'categories', categoryIds: ['cameras'] })];
    expect(promotionBadge(camera, leaf, parents)).not.toBeNull();
    expect(promotionBadge(tent, leaf, parents)).toBeNull();
  });

  it('a product promotion covers those ids only', () => {
    const live = [promo({ scope: 'products', productIds: ['camera'], label: '$5.00 off' })];
    expect(promotionBadge(camera, live, parents)?.label).toBe('$5.00 off');
    expect(promotionBadge(tent, live, parents)).toBeNull();
  });

  it('shows the most specific promotion when several cover a product', () => {
    const live = [promo({ id: 'all' }), promo({ id: 'cat', scope: 'categories', categoryIds: ['outdoors'] }), promo({ id: 'own', scope: 'products', productIds: ['tent'] })];
    expect(promotionBadge(tent, live, parents)?.promotionId).toBe('own');
    expect(promotionBadge(camera, live, parents)?.promotionId).toBe('all');
  });

  it('maps a page of products by id, leaving out the ones without a badge', () => {
    const badges = promotionBadges([tent, camera], [promo({ scope: 'categories', categoryIds: ['camping'] })], parents);
    expect([...badges.keys()]).toEqual(['tent']);
    expect(promotionBadges([tent], [], parents).size).toBe(0);
  });
});
