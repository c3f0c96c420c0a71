const PRINTABLE_ASCII = /^[\u0020-\u007e]+$/;

/**
 * Similarity of two short strings in [0, 1], for "did you mean" suggestions on bad input: shared
 * characters (Dice coefficient over characters, or over letter pairs for Latin/pinyin, where single
 * letters say little), a shared prefix, and containment of one in the other.
 */
export function similarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  const latin = PRINTABLE_ASCII.test(a) && PRINTABLE_ASCII.test(b);
  const x = latin ? pairs(a) : Array.from(a);
  const y = latin ? pairs(b) : Array.from(b);
  const counts = new Map<string, number>();
  for (const g of x) counts.set(g, (counts.get(g) ?? 0) + 1);
  let common = 0;
  for (const g of y) {
    const n = counts.get(g);
    if (n) {
      common++;
      counts.set(g, n - 1);
    }
  }
  const dice = x.length + y.length ? (2 * common) / (x.length + y.length) : 0;
  let prefix = 0;
  while (prefix < a.length && a[prefix] === b[prefix]) prefix++;
  const contained = a.includes(b) || b.includes(a) ? 1 : 0;
  return 0.6 * dice + 0.25 * (prefix / Math.min(a.length, b.length)) + 0.15 * contained;
}

function pairs(s: string): string[] {
  if (s.length < 2) return [s];
  const out: string[] = [];
  for (let i = 0; i < s.length - 1; i++) out.push(s.slice(i, i + 2));
  return out;
}

/** The `n` best-scoring items (score > `min`), best first; ties keep the input order. */
export function topBy<T>(items: Iterable<T>, score: (item: T) => number, n: number, min = 0.3): T[] {
  const scored: { item: T; s: number; i: number }[] = [];
  let i = 0;
  for (const item of items) {
    const s = score(item);
    if (s > min) scored.push({ item, s, i });
    i++;
  }
  return scored
    .sort((p, q) => q.s - p.s || p.i - q.i)
    .slice(0, n)
    .map((x) => x.item);
}
