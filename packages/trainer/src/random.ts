/**
 * Seeded pseudo-randomness for everything the trainer must reproduce from a trial's seed:
 * the dataset split, each epoch's shuffle, weight-initializer seeds and dropout masks.
 * Math.random is never used, so a trial re-run with the same seed sees the same data.
 */

/** Returns a generator of 32-bit unsigned integers (mulberry32: small, fast, well mixed). */
export function seededUint32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Derives an independent stream for a named purpose, so adding one stream shifts no other. */
export function deriveSeed(seed: number, purpose: string): number {
  // Both 32-bit halves of the seed enter the hash, so seeds 1 and 2^32 + 1 differ.
  const high = Math.floor(seed / 0x1_0000_0000) >>> 0;
  let hash = Math.imul(0x811c9dc5 ^ (seed >>> 0), 0x01000193) ^ high;
  for (let i = 0; i < purpose.length; i++) {
    hash = Math.imul(hash ^ purpose.charCodeAt(i), 0x01000193);
  }
  return seededUint32(hash >>> 0)();
}

/** The integers 0..n-1 in a seeded Fisher-Yates order. */
export function shuffledIndices(n: number, next: () => number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    order[i] = i;
  }
  for (let i = n - 1; i > 0; i--) {
    // Modulo bias is below 1e-5 for n <= 60,000 and does not matter for shuffling.
    const j = next() % (i + 1);
    const held = order[i]!;
    order[i] = order[j]!;
    order[j] = held;
  }
  return order;
}
