/** Seeded randomness for the demo world: same seed, same world, on every machine. */

/** mulberry32: a tiny, fast 32-bit PRNG with a full period, plenty for a demo world. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a 32-bit over a string; used to derive independent sub-seeds and per-series seeds. */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A stateless hash of two integers to [0, 1): per-sample noise that needs no stored state. */
export function hashUnit(seed: number, index: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index | 0, 0xc2b2ae35) ^ Math.imul(Math.floor(index / 4294967296), 0x27d4eb2f);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** Kubernetes' rand.String alphabet (no vowels, no confusable characters). */
const kubeAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

export class Random {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** A child stream whose values do not shift when other parts of the world change. */
  static derive(seed: number, name: string): Random {
    return new Random(hashString(name, seed ^ 0x811c9dc5));
  }

  float(): number {
    return this.next();
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  hex(length: number): string {
    let text = '';
    for (let index = 0; index < length; index++) text += Math.floor(this.next() * 16).toString(16);
    return text;
  }

  /** Like the suffixes Kubernetes generates for pod names and pod-template-hashes. */
  kubeSuffix(length: number): string {
    let text = '';
    for (let index = 0; index < length; index++) text += kubeAlphabet[Math.floor(this.next() * kubeAlphabet.length)];
    return text;
  }

  /** A version-4 shaped UUID, as the API server assigns to every object. */
  uuid(): string {
    const hex = this.hex(32).split('');
    hex[12] = '4';
    hex[16] = '89ab'[Math.floor(this.next() * 4)]!;
    const text = hex.join('');
    return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
  }
}
