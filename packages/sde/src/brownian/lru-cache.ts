/**
 * A least-recently-used cache of bounded size.
 *
 * @remarks
 * Built on `Map`'s insertion order: a hit re-inserts the entry at the end, and an insertion beyond `capacity`
 * drops the first (least recently used) entry. Every operation is O(1).
 *
 * @typeParam K - The key type.
 * @typeParam V - The value type.
 * @example
 * ```ts
 * const cache = new LruCache<number, string>(2);
 * cache.set(1, 'a');
 * cache.get(1); // 'a'
 * ```
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();
  private readonly capacity: number;

  /**
   * @param capacity - The most entries kept, an integer ≥ 1.
   */
  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /**
   * The value stored under `key`, marked as most recently used.
   *
   * @param key - The key.
   * @returns The value, or `undefined` when absent.
   */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /**
   * Stores `value` under `key` as most recently used, evicting the least recently used entry when full.
   *
   * @param key - The key (not yet present).
   * @param value - The value.
   */
  set(key: K, value: V): void {
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}
