/**
 * A bounded cache for pure functions of a string, least recently used out first (approximately: two
 * generations, so a hit costs one or two Map lookups instead of an LRU's reordering). Normalisation runs on
 * every posting, and job titles, description sentences, firm names and skills repeat enormously across
 * postings, so each derived value is computed once per distinct input while it stays in use. Cached values
 * are shared: treat them as immutable (copy arrays before handing them to code that might change them).
 */
export class Lru<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  hits = 0;
  misses = 0;

  /** Holds at least `max / 2` and at most `max` entries. */
  private readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  get(key: string): V | undefined {
    let v = this.young.get(key);
    if (v !== undefined) {
      this.hits++;
      return v;
    }
    v = this.old.get(key);
    if (v !== undefined) {
      this.hits++;
      this.old.delete(key);
      this.put(key, v);
      return v;
    }
    this.misses++;
    return undefined;
  }

  set(key: string, value: V): void {
    this.put(key, value);
  }

  private put(key: string, value: V): void {
    // When the young generation is full, the old one (entries unused for a whole generation) is dropped.
    if (this.young.size >= this.max / 2) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
  }
}

/**
 * Memoises `fn` by its string argument in an Lru of `max` entries (undefined results are remembered too).
 * Inputs longer than `maxKey` characters are computed every time: long texts rarely repeat whole and would
 * hold memory.
 */
export function memoize<V>(fn: (s: string) => V, max: number, maxKey = 200): (s: string) => V {
  const cache = new Lru<{ v: V }>(max);
  return (s: string) => {
    if (s.length > maxKey) return fn(s);
    let box = cache.get(s);
    if (box === undefined) {
      box = { v: fn(s) };
      cache.set(s, box);
    }
    return box.v;
  };
}
