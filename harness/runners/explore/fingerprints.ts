// The set of explored states' 64-bit fingerprints (hash.ts), as two 32-bit lanes in typed arrays
// with open addressing. Why not a Set<number>: a 53-bit number key is a heap-allocated double in
// V8, so a million states were a million small objects for the garbage collector, and the key lost
// 11 bits. Here a state costs 8 bytes (at most 16 with the table half empty) and nothing to collect.

/** Grow when the table is this full (linear probing stays short below it). */
const MAX_LOAD = 0.5;

export class FingerprintSet {
  private hi: Int32Array;
  private lo: Int32Array;
  private used: Uint8Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 1 << 16) {
    let size = 16;
    while (size < capacity) size *= 2;
    this.hi = new Int32Array(size);
    this.lo = new Int32Array(size);
    this.used = new Uint8Array(size);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Adds the fingerprint (lo, hi); true if it was not in the set. */
  add(lo: number, hi: number): boolean {
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    const used = this.used;
    while (used[i] === 1) {
      if (this.lo[i] === lo && this.hi[i] === hi) return false;
      i = (i + 1) & this.mask;
    }
    used[i] = 1;
    this.lo[i] = lo;
    this.hi[i] = hi;
    this.count++;
    if (this.count > this.used.length * MAX_LOAD) this.grow();
    return true;
  }

  has(lo: number, hi: number): boolean {
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    while (this.used[i] === 1) {
      if (this.lo[i] === lo && this.hi[i] === hi) return true;
      i = (i + 1) & this.mask;
    }
    return false;
  }

  private grow(): void {
    const { hi, lo, used } = this;
    const size = used.length * 2;
    this.hi = new Int32Array(size);
    this.lo = new Int32Array(size);
    this.used = new Uint8Array(size);
    this.mask = size - 1;
    this.count = 0;
    for (let i = 0; i < used.length; i++) if (used[i] === 1) this.add(lo[i], hi[i]);
  }
}
