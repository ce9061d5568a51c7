/**
 * Messages kept in memory, oldest first, within two bounds: a number of messages and a total of
 * bytes. Adding past either bound drops the oldest, so a long `npm start` session or a load test
 * sending thousands of mails never grows the process without limit.
 */
export class BoundedStore<T> {
  private readonly items: Array<{ key: string; item: T; bytes: number }> = [];
  private readonly byKey = new Map<string, T>();
  private bytes = 0;

  constructor(
    private readonly maxItems: number,
    private readonly maxBytes: number,
  ) {
    if (!Number.isInteger(maxItems) || maxItems < 1) throw new RangeError(`maxMessages must be a positive integer (got ${maxItems})`);
  }

  add(key: string, item: T, bytes: number): void {
    this.items.push({ key, item, bytes });
    this.byKey.set(key, item);
    this.bytes += bytes;
    // Always keep the newest, even if it alone is over the byte budget (its size is capped upstream).
    while (this.items.length > 1 && (this.items.length > this.maxItems || this.bytes > this.maxBytes)) {
      const dropped = this.items.shift()!;
      this.byKey.delete(dropped.key);
      this.bytes -= dropped.bytes;
    }
  }

  get(key: string): T | undefined {
    return this.byKey.get(key);
  }

  /** Newest first. */
  list(matches: (item: T) => boolean = () => true): T[] {
    const found: T[] = [];
    for (let index = this.items.length - 1; index >= 0; index--) {
      const { item } = this.items[index]!;
      if (matches(item)) found.push(item);
    }
    return found;
  }

  clear(): number {
    const count = this.items.length;
    this.items.length = 0;
    this.byKey.clear();
    this.bytes = 0;
    return count;
  }

  get size(): number {
    return this.items.length;
  }
}
