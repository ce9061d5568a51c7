import type { BehaviourEvent, ShelfName } from './events';

/**
 * What the storefront uses of analytics and recommendations, as narrow interfaces: services.ts
 * hands in the typed tRPC clients (router types from @omnicart/api), and the assignment there
 * checks that they fit.
 */
export interface IngestResult {
  accepted: number;
  rejected: Array<{ index: number; id: string | null; reason: string }>;
}
export interface AnalyticsClient {
  ingest: { mutate(input: { events: BehaviourEvent[] }): Promise<IngestResult> };
}

export interface ShelfDto {
  shelf: ShelfName;
  /** source: the shelf's own model chose the item, or trending topped the shelf up. */
  items: Array<{ productId: string; score: number; reason: string; source: 'model' | 'trending' }>;
  fallback: boolean;
  generatedAt: string;
}
export interface RecommendationsClient {
  alsoBought: { query(input: { productId: string; limit?: number }): Promise<ShelfDto> };
  similar: { query(input: { productId: string; limit?: number }): Promise<ShelfDto> };
  boughtTogether: { mutate(input: { productIds: string[]; limit?: number }): Promise<ShelfDto> };
  forYou: { query(input: { visitorId?: string; limit?: number }): Promise<ShelfDto> };
  trending: { query(input: { categoryId?: string; limit?: number }): Promise<ShelfDto> };
}
