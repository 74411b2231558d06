// A 64-bit fingerprint of a simulator state, built field by field (TLC and stateright keep 64-bit
// fingerprints the same way): two 32-bit lanes of multiply-xor mixing. Collision odds for n
// distinct states are about n² / 2^65: 3·10⁻⁸ at a million states, 3·10⁻⁶ at ten million.
//
// Incremental: most of a state is the same objects as in the state fingerprinted just before it
// (an instant changes one or two agents; a branch restores the others). Each top-level plain-data
// value (an agent's context, its last observation, a queued event) has its fingerprint remembered by
// its position in the sequence of values written: when the same object is there again (one identity
// compare), its two remembered lanes are mixed in; only the parts that changed are hashed again.
// Remembering by identity as well (a WeakMap) cost more in lookups and garbage than the rare hit
// saved. Below the top level, values are hashed inline; their strings (roles, names) are remembered
// by their place in the object at that position.
import type { StateSink } from '../../engine/simulator.js';
import { hostWords } from '../../engine/hostSet.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

const A0 = 0x9e3779b9 | 0;
const B0 = 0x85ebca6b | 0;

export class StateHasher implements StateSink {
  private a = A0;
  private b = B0;
  /** Strings met inside top-level objects, by the object's position (see nestedString). */
  private readonly nestedStrings: { s: string[]; h: number[] }[] = [];
  private nested: { s: string[]; h: number[] } = { s: [], h: [] };
  private nestedIndex = 0;
  /** Top-level objects of the previous fingerprint, by position, and their fingerprints. */
  private pos = 0;
  private posObj: unknown[] = [];
  private posSkip: string[] = [];
  private posA = new Int32Array(64);
  private posB = new Int32Array(64);
  /** Strings of the previous fingerprint, by position, and their hashes. */
  private strPos = 0;
  private readonly posStr: string[] = [];
  private readonly posStrH: number[] = [];
  /** Hashes of strings seen (keys, roles, ids): hashed once, char by char. */
  private readonly strings = new Map<string, number>();

  reset(): void {
    this.a = A0;
    this.b = B0;
    this.pos = 0;
    this.strPos = 0;
  }

  /** The fingerprint's low lane (finalised), a 32-bit integer. */
  get lo(): number {
    let a = this.a;
    a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
    a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
    return a ^ (a >>> 16);
  }

  /** The fingerprint's high lane (finalised), a 32-bit integer. */
  get hi(): number {
    let b = this.b;
    b = Math.imul(b ^ (b >>> 16), 0x7feb352d);
    b = Math.imul(b ^ (b >>> 15), 0x846ca68b);
    return b ^ (b >>> 16);
  }

  /** The fingerprint folded to a non-negative integer below 2^53 (for callers that want one number). */
  get key(): number {
    return (this.lo >>> 0) * 2 ** 21 + (this.hi >>> 11);
  }

  private mix(x: number): void {
    let a = Math.imul(this.a ^ x, 0x01000193) + 0x3c6ef372;
    this.a = a ^ (a >>> 15);
    a = Math.imul(this.b + x, 0x5bd1e995) ^ 0x27d4eb2f;
    this.b = a ^ (a >>> 13);
  }

  num(n: number): void {
    if ((n | 0) === n) {
      this.mix(n);
    } else {
      f64[0] = n;
      this.mix(u32[0] ^ 0x6a09e667);
      this.mix(u32[1]);
    }
  }

  str(s: string): void {
    // Strings at one place of a state are mostly the same as last time (roles, timer names).
    const p = this.strPos++;
    if (p < this.posStr.length && this.posStr[p] === s) {
      this.mix(this.posStrH[p]);
      return;
    }
    const h = this.stringHash(s);
    if (p < this.posStr.length) {
      this.posStr[p] = s;
      this.posStrH[p] = h;
    } else if (p === this.posStr.length) {
      this.posStr.push(s);
      this.posStrH.push(h);
    }
    this.mix(h);
  }

  private stringHash(s: string): number {
    let h = this.strings.get(s);
    if (h === undefined) {
      h = s.length ^ 0x5f3759df;
      for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
      h ^= h >>> 16;
      if (this.strings.size > 100_000) this.strings.clear();
      this.strings.set(s, h);
    }
    return h;
  }

  value(v: unknown, skipKey = ''): void {
    if (typeof v === 'object' && v !== null) this.topObject(v, skipKey);
    else if (typeof v === 'string') this.str(v);
    else this.inline(v, skipKey);
  }

  /** A value below the top level, or a primitive: hashed where it stands. */
  private inline(v: unknown, skipKey: string): void {
    switch (typeof v) {
      case 'number':
        this.num(v);
        return;
      case 'string':
        this.nestedString(v);
        return;
      case 'boolean':
        this.mix(v ? 0x7a11 : 0x7a10);
        return;
      case 'undefined':
        this.mix(0x7a12);
        return;
      case 'bigint':
        // A host set beyond one word (hostSet.ts): never equal to a number, so tagged apart.
        this.bigint(v);
        return;
      case 'object':
        if (v === null) this.mix(0x7a13);
        else if (Array.isArray(v)) this.array(v, skipKey);
        else this.record(v as Record<string, unknown>, skipKey);
        return;
      default:
        throw new Error(`cannot fingerprint a ${typeof v}`);
    }
  }

  private bigint(v: bigint): void {
    const words = hostWords(v);
    this.mix(0x7a14 ^ words.length);
    for (let i = 0; i < words.length; i++) this.mix(words[i]);
  }

  private array(o: readonly unknown[], skipKey: string): void {
    this.mix(0x4a11 ^ o.length);
    for (let i = 0; i < o.length; i++) {
      const x = o[i];
      if (typeof x === 'number' && (x | 0) === x) this.mix(x);
      else this.inline(x, skipKey);
    }
  }

  /**
   * Values in key order; key names are left out (objects met at one place of a state share their
   * shape, and events carry their type), which halves the work for a new context.
   */
  private record(o: Record<string, unknown>, skipKey: string): void {
    let n = 0;
    for (const k in o) {
      if (k === skipKey) continue;
      const x = o[k];
      if (typeof x === 'number' && (x | 0) === x) this.mix(x);
      else this.inline(x, skipKey);
      n++;
    }
    this.mix(0x0b1ec7 ^ n);
  }

  /** A top-level object: its fingerprint from the previous one at this position if it is the same object, else hashed. */
  private topObject(o: object, skipKey: string): void {
    const p = this.pos++;
    if (p < this.posObj.length && this.posObj[p] === o && this.posSkip[p] === skipKey) {
      this.mix(this.posA[p]);
      this.mix(this.posB[p]);
      return;
    }
    const outerA = this.a;
    const outerB = this.b;
    this.a = A0;
    this.b = B0;
    this.nested = this.nestedAt(p);
    this.nestedIndex = 0;
    this.inline(o, skipKey);
    const ha = this.lo;
    const hb = this.hi;
    this.a = outerA;
    this.b = outerB;
    this.remember(p, o, skipKey, ha, hb);
    this.mix(ha);
    this.mix(hb);
  }

  /** The strings met inside the object at a position, last time, and their hashes. */
  private nestedAt(p: number): { s: string[]; h: number[] } {
    while (this.nestedStrings.length <= p) this.nestedStrings.push({ s: [], h: [] });
    return this.nestedStrings[p];
  }

  /** A string inside a top-level object: the same as last time at its place there, mostly (roles, names). */
  private nestedString(v: string): void {
    const j = this.nestedIndex++;
    const cache = this.nested;
    if (cache.s[j] === v) {
      this.mix(cache.h[j]);
      return;
    }
    const h = this.stringHash(v);
    if (j <= cache.s.length) {
      cache.s[j] = v;
      cache.h[j] = h;
    }
    this.mix(h);
  }

  private remember(p: number, o: object, skipKey: string, ha: number, hb: number): void {
    if (p >= this.posA.length) {
      const a = new Int32Array(this.posA.length * 2);
      const b = new Int32Array(this.posB.length * 2);
      a.set(this.posA);
      b.set(this.posB);
      this.posA = a;
      this.posB = b;
    }
    while (this.posObj.length <= p) {
      this.posObj.push(null);
      this.posSkip.push('');
    }
    this.posObj[p] = o;
    this.posSkip[p] = skipKey;
    this.posA[p] = ha;
    this.posB[p] = hb;
  }
}
