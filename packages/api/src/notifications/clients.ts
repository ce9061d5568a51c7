import type { CatalogRouter } from '../catalog/index.js';
import type { IdentityRouter } from '../identity/index.js';
import type { CampaignPromotionDto, PromotionsRouter } from '../promotions/index.js';
import { DomainError } from '../runtime/errors.js';
import type { DomainDeps } from '../runtime/domain.js';
import { callService, withDeadline } from '../runtime/service-client.js';
import type { ContactRow, NotificationsRepository, ProductFacts } from './repository.js';

/**
 * What notifications asks other domains, as small ports: the catalog's current facts of products
 * (name, link, price, availability) when a shopper asks for an alert and when a cart reminder
 * lists its lines; identity's contact details of an account notifications has not heard of (an
 * account older than notifications' subscription, or an event that overtook the registration);
 * promotions' side of campaigns that carry a code (the promotion, codes per recipient, results).
 * Everything else reaches notifications as events.
 */
export interface CatalogFacts {
  /** Current facts by id (unknown ids are absent), at most 200 at a time. */
  products(ids: string[]): Promise<ProductFacts[]>;
  /** The category of each product catalog still sells (others are absent). */
  productCategories(ids: string[]): Promise<Map<string, string>>;
  /** A category and its sub-categories' ids (the campaign segment "bought in a category"); null when there is no such category. */
  categoryFamily(categoryId: string): Promise<{ name: string; ids: string[] } | null>;
}

const CALL_TIMEOUT_MS = 2_000;

/**
 * Products' categories change rarely and a paid order's lines ask for them: kept for a while per
 * process, so checkout traffic does not turn into one catalog call per order (a segment may count a
 * product under its old category for at most this long after a move).
 */
const CATEGORY_CACHE_MS = 10 * 60_000;
const CATEGORY_CACHE_MAX = 50_000;

export function createCatalogFacts(deps: Pick<DomainDeps, 'client'>): CatalogFacts {
  const catalog = deps.client<CatalogRouter>('catalog');
  const categoryCache = new Map<string, { categoryId: string; at: number }>();
  const call = withDeadline(CALL_TIMEOUT_MS);
  return {
    async products(ids) {
      if (ids.length === 0) return [];
      const answer = await callService('catalog', () => catalog.productsByIds.query({ ids: ids.slice(0, 200) }, call));
      return answer.products.map((product) => ({
        productId: product.id,
        sku: product.sku,
        slug: product.slug,
        name: product.name,
        priceAmount: product.priceAmount,
        currency: product.currency,
        status: product.status,
        available: product.available,
      }));
    },
    async productCategories(ids) {
      const categories = new Map<string, string>();
      const missing: string[] = [];
      for (const id of new Set(ids)) {
        const cached = categoryCache.get(id);
        if (cached && Date.now() - cached.at < CATEGORY_CACHE_MS) categories.set(id, cached.categoryId);
        else missing.push(id);
      }
      for (let start = 0; start < missing.length; start += 50) {
        const page = await callService('catalog', () => catalog.byIds.query({ ids: missing.slice(start, start + 50) }, call));
        for (const product of page.items) {
          categories.set(product.id, product.category.id);
          if (categoryCache.size >= CATEGORY_CACHE_MAX) categoryCache.delete(categoryCache.keys().next().value!);
          categoryCache.set(product.id, { categoryId: product.category.id, at: Date.now() });
        }
      }
      return categories;
    },
    async categoryFamily(categoryId) {
      const tree = await callService('catalog', () => catalog.categories.query(undefined, call));
      for (const node of tree) {
        if (node.id === categoryId) return { name: node.name, ids: [node.id, ...node.children.map((child) => child.id)] };
        const child = node.children.find((candidate) => candidate.id === categoryId);
        if (child) return { name: child.name, ids: [child.id] };
      }
      return null;
    },
  };
}

export interface IdentityContacts {
  /** An account's e-mail, name, role and disabled flag; null when identity has no such account. */
  contact(userId: string): Promise<{ userId: string; email: string; name: string; role: string; disabled: boolean } | null>;
}

export function createIdentityContacts(deps: Pick<DomainDeps, 'client'>): IdentityContacts {
  const identity = deps.client<IdentityRouter>('identity');
  const call = withDeadline(CALL_TIMEOUT_MS);
  return {
    contact: (userId) => callService('identity', () => identity.contact.query({ userId }, call)),
  };
}

/**
 * The contacts read model with a backfill: a contact notifications does not know yet is asked of
 * identity once and kept (with no marketing consent: consent is only ever given here or at
 * registration). Identity's later events keep it current as for any other contact.
 */
export function createContactBook(repository: Pick<NotificationsRepository, 'findContact' | 'upsertContact' | 'updateContact'>, identity: IdentityContacts) {
  return {
    async findContact(userId: string): Promise<ContactRow | null> {
      const known = await repository.findContact(userId);
      if (known) return known;
      const fetched = await identity.contact(userId);
      if (!fetched) return null;
      await repository.upsertContact({ userId: fetched.userId, email: fetched.email, name: fetched.name, role: fetched.role, marketingEmail: false });
      if (fetched.disabled) await repository.updateContact(fetched.userId, { disabled: true });
      return repository.findContact(userId);
    },
  };
}
export type ContactBook = ReturnType<typeof createContactBook>;

/** What campaigns ask promotions. */
export interface CampaignOffers {
  /** The code promotions a campaign can carry (running or scheduled). */
  choices(): Promise<CampaignPromotionDto[]>;
  /** A promotion's name, label, state and shared code; null when promotions has no such promotion. */
  promotion(promotionId: string): Promise<CampaignPromotionDto | null>;
  /** One single-use code per recipient (a customer id), the same on every call for the same campaign. */
  assignCodes(promotionId: string, campaignId: string, recipientKeys: string[]): Promise<Map<string, string>>;
  /** Redemptions, revenue and discount cost per campaign (paid orders with its codes). */
  results(
    campaigns: Array<{ campaignId: string; sharedCode: string | null; since: string | null }>,
  ): Promise<Map<string, { redemptions: number; revenue: number; discountCost: number }>>;
}

/** Assigning codes may write up to 500 rows: a longer deadline than a lookup. */
const ASSIGN_TIMEOUT_MS = 15_000;

export function createCampaignOffers(deps: Pick<DomainDeps, 'client'>): CampaignOffers {
  const promotions = deps.client<PromotionsRouter>('promotions');
  const call = withDeadline(CALL_TIMEOUT_MS);
  const assignCall = withDeadline(ASSIGN_TIMEOUT_MS);
  return {
    async choices() {
      return (await callService('promotions', () => promotions.campaignPromotions.query(undefined, call))).items;
    },
    async promotion(promotionId) {
      try {
        return await callService('promotions', () => promotions.campaignPromotion.query({ promotionId }, call));
      } catch (error) {
        if (error instanceof DomainError && error.code === 'NOT_FOUND') return null;
        throw error;
      }
    },
    async assignCodes(promotionId, campaignId, recipientKeys) {
      const answer = await callService('promotions', () => promotions.assignCodes.mutate({ promotionId, campaignId, recipientKeys }, assignCall));
      return new Map(answer.codes.map((entry) => [entry.recipientKey, entry.code]));
    },
    async results(campaigns) {
      if (campaigns.length === 0) return new Map();
      const answer = await callService('promotions', () => promotions.campaignStats.query({ campaigns }, call));
      return new Map(answer.items.map(({ campaignId, ...stats }) => [campaignId, stats]));
    },
  };
}
