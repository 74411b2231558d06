// A 53-bit fingerprint of a simulator state, built field by field (TLC and stateright keep 64-bit
// fingerprints the same way). Two lanes of 32-bit multiply-xor mixing; immutable sub-objects
// (agent contexts, their shared settings) are hashed once and remembered by identity.
// Collision odds for n states are about n² / 2^54: 10⁻⁴ at ten million states.
import type { StateSink } from '../../engine/simulator.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

export class StateHasher implements StateSink {
  private a = 0x9e3779b9 | 0;
  private b = 0x85ebca6b | 0;
  private readonly memo = new Map<string, WeakMap<object, number>>();
  /** Hashes of strings seen (keys, roles, ids): hashed once, char by char. */
  private readonly strings: Map<string, number>;

  constructor() {
    this.strings = new Map();
  }

  reset(): void {
    this.a = 0x9e3779b9 | 0;
    this.b = 0x85ebca6b | 0;
  }

  /** The fingerprint: a non-negative integer below 2^53. */
  get key(): number {
    let a = this.a;
    let b = this.b;
    a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
    a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35) ^ (a >>> 16);
    b = Math.imul(b ^ (b >>> 16), 0x7feb352d);
    b = Math.imul(b ^ (b >>> 15), 0x846ca68b) ^ (b >>> 16);
    return (a >>> 0) * 2 ** 21 + (b >>> 11);
  }

  private mix(x: number): void {
    this.a = Math.imul(this.a ^ x, 0x01000193) + 0x3c6ef372;
    this.a ^= this.a >>> 15;
    this.b = Math.imul(this.b + x, 0x5bd1e995) ^ 0x27d4eb2f;
    this.b ^= this.b >>> 13;
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
    let h = this.strings.get(s);
    if (h === undefined) {
      h = s.length ^ 0x5f3759df;
      for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
      h ^= h >>> 16;
      if (this.strings.size > 100_000) this.strings.clear();
      this.strings.set(s, h);
    }
    this.mix(h);
  }

  value(v: unknown, skipKey = ''): void {
    switch (typeof v) {
      case 'number':
        this.num(v);
        return;
      case 'string':
        this.str(v);
        return;
      case 'boolean':
        this.mix(v ? 0x7a11 : 0x7a10);
        return;
      case 'undefined':
        this.mix(0x7a12);
        return;
      case 'object':
        if (v === null) this.mix(0x7a13);
        else this.object(v, skipKey);
        return;
      default:
        throw new Error(`cannot fingerprint a ${typeof v}`);
    }
  }

  /** Objects are hashed once (two lanes, 53 bits), then folded in by their remembered fingerprint. */
  private object(o: object, skipKey: string): void {
    let memo = this.memo.get(skipKey);
    if (memo === undefined) this.memo.set(skipKey, (memo = new WeakMap()));
    let h = memo.get(o);
    if (h === undefined) {
      const outerA = this.a;
      const outerB = this.b;
      this.reset();
      if (Array.isArray(o)) {
        this.mix(0x4a11 ^ o.length);
        for (let i = 0; i < o.length; i++) this.value(o[i], skipKey);
      } else {
        // Values in key order; key names are left out (objects met at one place of a state share
        // their shape, and events carry their type), which halves the work for a new context.
        let n = 0;
        for (const k in o) {
          if (k === skipKey) continue;
          this.value((o as Record<string, unknown>)[k], skipKey);
          n++;
        }
        this.mix(0x0b1ec7 ^ n);
      }
      h = this.key;
      memo.set(o, h);
      this.a = outerA;
      this.b = outerB;
    }
    this.mix((h % 0x100000000) | 0);
    this.mix(Math.floor(h / 0x100000000) | 0);
  }
}
