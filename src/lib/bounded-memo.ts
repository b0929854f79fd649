/**
 * Remembered results, at most `capacity` of them: the oldest remembered goes first. Unlike
 * LruCache a hit is one Map lookup (no reordering), for memos read on every request whose keys
 * come and go in the order they were made (facts of certificates as they are issued).
 */
export class BoundedMemo<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly capacity: number) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    if (!this.map.has(key) && this.map.size >= this.capacity) this.map.delete(this.map.keys().next().value as K);
    this.map.set(key, value);
  }

  get size(): number {
    return this.map.size;
  }
}
