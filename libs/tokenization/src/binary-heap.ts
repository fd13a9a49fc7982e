/**
 * A binary heap ordered by a `before(x, y)` predicate: `pop()` returns an item no other item is before.
 */
export class BinaryHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly before: (x: T, y: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    const h = this.items;
    h.push(item);
    let i = h.length - 1;
    // sift up
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  pop(): T | undefined {
    const h = this.items;
    if (h.length <= 1) return h.pop();
    const top = h[0];
    h[0] = h.pop() as T;
    let i = 0;
    // sift down
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let best = i;
      if (l < h.length && this.before(h[l], h[best])) best = l;
      if (r < h.length && this.before(h[r], h[best])) best = r;
      if (best === i) return top;
      [h[i], h[best]] = [h[best], h[i]];
      i = best;
    }
  }
}
