// An ordered index over one numeric property of the in-memory store: entries (value, item)
// sorted by value then item id, kept in blocks so inserts, removals and range reads stay cheap.
//
// What Realm itself does: Realm Core's search indexes serve equality lookups only; a range
// query (`<`, `>=`, ...) there is a native column scan, which is fast enough at a million rows.
// The store's rows are JS objects read through accessors, so a scan here costs far more; this
// index exists so the store's range queries stay cheap (O(log n + k)) where Realm's are.

/** An indexed item: anything with a stable numeric id (the store's `Row`). */
export interface Identified {
  readonly id: number;
}

/** Largest block; a fuller one is split in two. Small enough that shifting within a block stays cheaper than the search. */
export const BLOCK_SIZE = 128;

/** A run of consecutive entries, in order: `values[i]` belongs to `items[i]`. */
interface Block<T> {
  values: number[];
  items: T[];
}

/** Entries ordered by (value, item.id); an item may hold several values only under distinct calls. */
export class OrderedIndex<T extends Identified> {
  private blocks: Block<T>[] = [];
  private count = 0;

  /** Number of entries. */
  get size(): number {
    return this.count;
  }

  /** Adds the entry (value, item). Allocates only when a block splits (or an array grows). */
  insert(value: number, item: T): void {
    const blocks = this.blocks;
    if (blocks.length === 0) {
      blocks.push({ values: [value], items: [item] });
      this.count = 1;
      return;
    }
    const id = item.id;
    // Appending (new rows share a default value and get growing ids) skips the searches and
    // fills blocks completely instead of leaving half-full ones behind.
    const tail = blocks[blocks.length - 1] as Block<T>;
    const end = tail.values.length - 1;
    if (compare(tail.values[end] as number, (tail.items[end] as T).id, value, id) < 0) {
      if (end + 1 < BLOCK_SIZE) {
        tail.values.push(value);
        tail.items.push(item);
      } else blocks.push({ values: [value], items: [item] });
      this.count++;
      return;
    }
    let b = this.blockAfter(value, id);
    if (b === blocks.length) b--; // past every entry: append to the last block
    const block = blocks[b] as Block<T>;
    const at = lowerBound(block, value, id);
    insertAt(block.values, at, value);
    insertAt(block.items, at, item);
    this.count++;
    if (block.values.length > BLOCK_SIZE) {
      const half = block.values.length >> 1;
      blocks.splice(b + 1, 0, { values: block.values.splice(half), items: block.items.splice(half) });
    }
  }

  /** Removes the entry (value, item); false when it is not there. */
  remove(value: number, item: T): boolean {
    const id = item.id;
    const b = this.blockAfter(value, id);
    const block = this.blocks[b];
    if (!block) return false;
    const at = lowerBound(block, value, id);
    if (block.items[at] !== item || block.values[at] !== value) return false;
    removeAt(block.values, at);
    removeAt(block.items, at);
    this.count--;
    if (block.values.length === 0) this.blocks.splice(b, 1);
    return true;
  }

  /**
   * Appends to `out` the items whose value lies between `min` and `max` (±Infinity for no bound),
   * in index order; returns how many were appended.
   */
  collect(min: number, minInclusive: boolean, max: number, maxInclusive: boolean, out: T[]): number {
    // Bounds as (value, id) keys that no real entry equals: ids are finite.
    const startId = minInclusive ? -Infinity : Infinity;
    const endId = maxInclusive ? Infinity : -Infinity;
    if (Number.isNaN(min) || Number.isNaN(max)) return 0;
    const blocks = this.blocks;
    const first = this.blockAfter(min, startId);
    let appended = 0;
    for (let b = first; b < blocks.length; b++) {
      const block = blocks[b] as Block<T>;
      const values = block.values;
      const items = block.items;
      // Only the first block holds entries below the start; later ones are read whole.
      for (let i = b === first ? lowerBound(block, min, startId) : 0; i < values.length; i++) {
        const value = values[i] as number;
        if (value > max || (value === max && endId < 0)) return appended;
        out.push(items[i] as T);
        appended++;
      }
    }
    return appended;
  }

  /** Every entry in order (tests and debugging). */
  *entries(): IterableIterator<[number, T]> {
    for (const block of this.blocks) {
      for (let i = 0; i < block.values.length; i++) yield [block.values[i] as number, block.items[i] as T];
    }
  }

  /** Number of blocks (tests: splits and dropped blocks). */
  get blockCount(): number {
    return this.blocks.length;
  }


  /** Index of the first block whose last entry is >= (value, id); `blocks.length` when none. */
  private blockAfter(value: number, id: number): number {
    const blocks = this.blocks;
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const block = blocks[mid] as Block<T>;
      const last = block.values.length - 1;
      if (compare(block.values[last] as number, (block.items[last] as T).id, value, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Orders entries by value, then id. */
function compare(valueA: number, idA: number, valueB: number, idB: number): number {
  if (valueA < valueB) return -1;
  if (valueA > valueB) return 1;
  return idA < idB ? -1 : idA > idB ? 1 : 0;
}

/** First position in `block` whose entry is >= (value, id). */
function lowerBound<T extends Identified>(block: Block<T>, value: number, id: number): number {
  const values = block.values;
  const items = block.items;
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(values[mid] as number, (items[mid] as T).id, value, id) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Shifting by hand: `splice` would allocate its (empty) result array on every write.
function insertAt<V>(array: V[], at: number, value: V): void {
  let i = array.length;
  array.push(value);
  for (; i > at; i--) array[i] = array[i - 1] as V;
  array[at] = value;
}

function removeAt<V>(array: V[], at: number): void {
  const last = array.length - 1;
  for (let i = at; i < last; i++) array[i] = array[i + 1] as V;
  array.length = last;
}
