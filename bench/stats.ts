/** Small statistics helpers for benchmarks: medians over repeated runs, paired ratios. */

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function fmt(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Runs `fn` once per item of `variants` in each round, alternating the order between rounds. */
export function pairedRounds<T>(rounds: number, variants: string[], fn: (variant: string) => T): Map<string, T[]> {
  const results = new Map<string, T[]>(variants.map(v => [v, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of order) {
      results.get(variant)!.push(fn(variant));
    }
  }
  return results;
}
