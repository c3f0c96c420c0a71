import { readFileSync } from 'node:fs';

/**
 * Reads a file shipped in packages/text/data/. Resolved from this module's URL so the package works from
 * any working directory and never reaches outside itself (the product ships its own copy of the data).
 */
export function readDataFile(name: string): string {
  return readFileSync(new URL(`../data/${name}`, import.meta.url), 'utf8');
}

/** Memoises a zero-argument loader: dictionaries and indexes are built on first use, once per process. */
export function lazy<T>(load: () => T): () => T {
  let value: T | undefined;
  let loaded = false;
  return () => {
    if (!loaded) {
      value = load();
      loaded = true;
    }
    return value as T;
  };
}
