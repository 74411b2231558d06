// A set of hosts by index (host h is bit h). Pools of up to 31 hosts fit one positive 32-bit word,
// and that word is the set: a plain number, as every trace has printed it so far. Larger pools
// (XenServer 64, vSphere 96) need more bits; their sets are bigints. The form is canonical — a set
// whose members are all below 31 is always a number, never a bigint — so `===` is set equality,
// the empty set is `0`, and a design of 31 hosts or fewer never allocates a bigint on the hot path.
// Every operation here keeps that rule; code outside must not build sets with raw operators.

export type HostSet = number | bigint;

/** Hosts 0..30 are one word's bits (bit 31 is the sign bit, left alone). */
export const WORD_HOSTS = 31;
const WORD_LIMIT = 0x80000000n;

export const EMPTY_HOSTS: HostSet = 0;

const canonical = (set: bigint): HostSet => (set < WORD_LIMIT ? Number(set) : set);
const big = (set: HostSet): bigint => (typeof set === 'bigint' ? set : BigInt(set));

/** The set holding host `h` alone. */
export function hostBit(h: number): HostSet {
  return h < WORD_HOSTS ? 1 << h : 1n << BigInt(h);
}

/** Hosts 0..n−1. */
export function firstHosts(n: number): HostSet {
  if (n < WORD_HOSTS) return (1 << n) - 1;
  return canonical((1n << BigInt(n)) - 1n);
}

export function union(a: HostSet, b: HostSet): HostSet {
  if (typeof a === 'number' && typeof b === 'number') return a | b;
  return canonical(big(a) | big(b));
}

export function intersection(a: HostSet, b: HostSet): HostSet {
  if (typeof a === 'number' && typeof b === 'number') return a & b;
  return canonical(big(a) & big(b));
}

/** The hosts of `a` not in `b`. */
export function difference(a: HostSet, b: HostSet): HostSet {
  if (typeof a === 'number' && typeof b === 'number') return a & ~b;
  return canonical(big(a) & ~big(b));
}

export function hasHost(set: HostSet, h: number): boolean {
  if (typeof set === 'number') return h < WORD_HOSTS && ((set >>> h) & 1) === 1;
  return ((set >> BigInt(h)) & 1n) === 1n;
}

export const withHost = (set: HostSet, h: number): HostSet => union(set, hostBit(h));
export const withoutHost = (set: HostSet, h: number): HostSet => difference(set, hostBit(h));
export const isEmptyHosts = (set: HostSet): boolean => set === 0;
export const intersects = (a: HostSet, b: HostSet): boolean => intersection(a, b) !== 0;
/** Every host of `a` is in `b`. */
export const isSubset = (a: HostSet, b: HostSet): boolean => difference(a, b) === 0;

function wordCount(word: number): number {
  let w = word - ((word >>> 1) & 0x55555555);
  w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
  return (((w + (w >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** How many hosts the set holds. */
export function hostCount(set: HostSet): number {
  if (typeof set === 'number') return wordCount(set);
  let count = 0;
  for (let rest = set; rest !== 0n; rest >>= 32n) count += wordCount(Number(rest & 0xffffffffn));
  return count;
}

/** The lowest host in the set, or −1 when it is empty. */
export function lowestHost(set: HostSet): number {
  if (typeof set === 'number') return set === 0 ? -1 : 31 - Math.clz32(set & -set);
  let base = 0;
  let rest = set;
  while ((rest & 0xffffffffn) === 0n) {
    rest >>= 32n;
    base += 32;
  }
  const word = Number(rest & 0xffffffffn);
  return base + 31 - Math.clz32(word & -word);
}

/** Calls `visit` for each host of the set, lowest first. */
export function forEachHost(set: HostSet, visit: (h: number) => void): void {
  if (typeof set === 'number') {
    for (let rest = set; rest !== 0; rest &= rest - 1) visit(31 - Math.clz32(rest & -rest));
    return;
  }
  let base = 0;
  for (let rest = set; rest !== 0n; rest >>= 32n, base += 32) {
    let word = Number(rest & 0xffffffffn);
    while (word !== 0) {
      const low = word & -word;
      visit(base + 31 - Math.clz32(low));
      word = (word ^ low) >>> 0;
    }
  }
}

/** The set's hosts, lowest first. */
export function hostsOf(set: HostSet): number[] {
  const hosts: number[] = [];
  forEachHost(set, (h) => hosts.push(h));
  return hosts;
}

/** The set as 32-bit words, lowest first (a number set is one word): for hashing and fingerprints. */
export function hostWords(set: HostSet): number[] {
  if (typeof set === 'number') return [set];
  const words: number[] = [];
  for (let rest = set; rest !== 0n; rest >>= 32n) words.push(Number(rest & 0xffffffffn) | 0);
  return words;
}

/**
 * The set whose 32-bit words (lowest first) are `words`: the inverse of `hostWords`. For code that
 * builds many sets of a large pool at once in a typed array of words (a bit matrix): one conversion
 * per set instead of a bigint per host added.
 */
export function hostSetOfWords(words: ArrayLike<number>, from = 0, count = words.length - from): HostSet {
  let top = count - 1;
  while (top > 0 && words[from + top] === 0) top--;
  if (top <= 0) {
    const low = count > 0 ? words[from] | 0 : 0;
    if (low >= 0) return low;
  }
  let set = 0n;
  for (let i = top; i >= 0; i--) set = (set << 32n) | BigInt(words[from + i] >>> 0);
  return canonical(set);
}

/**
 * The set as JSON can hold it: a number while it is one word (what traces have always held), and
 * its decimal digits as a string beyond (JSON numbers lose integers above 2^53).
 */
export const hostSetToJson = (set: HostSet): number | string => (typeof set === 'number' ? set : set.toString());

/** Reads what `hostSetToJson` wrote; `undefined` when it is not a host set. */
export function hostSetFromJson(value: unknown): HostSet | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value < 2 ** 31 ? value : undefined;
  if (typeof value !== 'string' || !/^[0-9]+$/.test(value)) return undefined;
  return canonical(BigInt(value));
}
