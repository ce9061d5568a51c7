/**
 * A small in-process read cache: LRU by insertion/access order, entries expire after ttlMs.
 * It stores promises so concurrent identical requests share one database round trip.
 */
export class ReadCache<V> {
  private readonly entries = new Map<string, { expires: number; value: Promise<V> }>();
  private generation = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0 && this.maxEntries > 0;
  }

  async getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    if (!this.enabled) return load();
    const hit = this.entries.get(key);
    const now = this.now();
    if (hit && hit.expires > now) {
      // Refresh recency: Map keeps insertion order, so re-insert.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const generation = this.generation;
    const value = load();
    this.entries.set(key, { expires: now + this.ttlMs, value });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    const result = await value;
    // A write cleared the cache while this load ran: do not keep its possibly stale result.
    if (generation !== this.generation && this.entries.get(key)?.value === value) this.entries.delete(key);
    return result;
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
