// Seeded draws for the generated data (demo, history, simulation): the same seed gives the same year.

/** A tiny deterministic generator (mulberry32), so that every demo database and history is the same. */
export function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box-Muller). */
export function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A draw between min and max, most often near mode. */
export function triangular(random: () => number, min: number, mode: number, max: number): number {
  const u = random();
  const split = (mode - min) / (max - min);
  return u < split ? min + Math.sqrt(u * (max - min) * (mode - min)) : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
}

/** `count` distinct items drawn with probability proportional to their weight (Efraimidis-Spirakis). */
export function sample<T>(items: ReadonlyArray<readonly [T, number]>, count: number, random: () => number): T[] {
  const keyed = items.map(([item, weight]) => [item, random() ** (1 / weight)] as const);
  return keyed.sort((a, b) => b[1] - a[1]).slice(0, count).map(([item]) => item);
}

/** A picker of items by weight. */
export function weighted<T>(items: ReadonlyArray<readonly [T, number]>, random: () => number): () => T {
  const cumulative: number[] = [];
  let total = 0;
  for (const [, weight] of items) cumulative.push((total += weight));
  return () => {
    const r = random() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! > r) high = mid;
      else low = mid + 1;
    }
    return items[low]![0];
  };
}
