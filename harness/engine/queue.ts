// A priority queue of pending simulator events ordered by (time, sequence number): two events at
// the same millisecond run in the order they were scheduled, so runs are reproducible.

export interface Scheduled {
  at: number;
  seq: number;
}

export class EventQueue<T extends Scheduled> {
  private heap: T[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  clear(): void {
    this.heap.length = 0;
    this.nextSeq = 0;
  }

  /** Assigns the item its sequence number and inserts it. */
  push(item: T): void {
    item.seq = this.nextSeq++;
    const heap = this.heap;
    let i = heap.length;
    heap.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, heap[parent])) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = item;
  }

  /** The heap and sequence counter, to restore later (items must not be mutated meanwhile). */
  save(): { readonly heap: readonly T[]; readonly nextSeq: number } {
    return { heap: this.heap.slice(), nextSeq: this.nextSeq };
  }

  restore(saved: { readonly heap: readonly T[]; readonly nextSeq: number }): void {
    this.heap = saved.heap.slice();
    this.nextSeq = saved.nextSeq;
  }

  peek(): T | undefined {
    return this.heap[0];
  }

  /** Every pending item, in heap order (not time order): for inspection only. */
  pending(): readonly T[] {
    return this.heap;
  }

  pop(): T | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      const n = heap.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const child = r < n && before(heap[r], heap[l]) ? r : l;
        if (!before(heap[child], last)) break;
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
