// An in-memory word-prefix index for the catalog. IndexedDB cannot answer
// "every word is a prefix of some product word" over 50,000 products inside
// one frame; this can: products are numbered in name order, each word keeps
// the sorted list of products that have it, and a query walks only the
// rarest word's products (its size is known in O(1) from prefix sums).
import { matchesQuery } from './catalog.ts';

export interface IndexEntry {
  id: string;
  name: string;
  words: readonly string[];
  category: string;
  active: boolean;
}

export interface IndexQuery {
  words: readonly string[];
  category?: string | null;
  limit: number;
}

export class SearchIndex {
  /** Sorted unique words. */
  private readonly vocab: string[];
  /** Products per word, concatenated in vocab order; offsets[i]..offsets[i+1] are word i's. */
  private readonly postings: Uint32Array;
  private readonly offsets: Uint32Array;
  private readonly entries: IndexEntry[];

  private constructor(entries: IndexEntry[], vocab: string[], postings: Uint32Array, offsets: Uint32Array) {
    this.entries = entries;
    this.vocab = vocab;
    this.postings = postings;
    this.offsets = offsets;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Builds the index in one go (tests, small catalogs). */
  static build(input: readonly IndexEntry[]): SearchIndex {
    const steps = buildSteps(input);
    for (;;) {
      const step = steps.next();
      if (step.done) return SearchIndex.of(step.value);
    }
  }

  /**
   * The same index, built in slices of at most about `sliceMs` of work with
   * `pause()` between them, so a page that builds it after a pull keeps
   * drawing frames (50,000 products take about a second of work in all).
   */
  static async buildInSlices(input: readonly IndexEntry[], opts: SliceOptions = {}): Promise<SearchIndex> {
    const sliceMs = opts.sliceMs ?? 12;
    const now = opts.now ?? (() => performance.now());
    const pause = opts.pause ?? pauseForFrame;
    const steps = buildSteps(input);
    let sliceStart = now();
    for (;;) {
      const step = steps.next();
      if (step.done) return SearchIndex.of(step.value);
      if (now() - sliceStart >= sliceMs) {
        await pause();
        sliceStart = now();
      }
    }
  }

  private static of(p: Parts): SearchIndex {
    return new SearchIndex(p.entries, p.vocab, p.postings, p.offsets);
  }

  /** [first, end) of the vocab words that start with `prefix` (both by binary search). */
  private range(prefix: string): [number, number] {
    const search = (goRight: (w: string) => boolean): number => {
      let lo = 0;
      let hi = this.vocab.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (goRight(this.vocab[mid]!)) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const first = search((w) => w < prefix);
    const end = search((w) => w < prefix || w.startsWith(prefix));
    return [first, end];
  }

  /** Active products in name order, of one category or of all: the screen before anything is typed. */
  list(q: { category?: string | null; limit: number }): string[] {
    const out: string[] = [];
    for (const e of this.entries) {
      if (out.length >= q.limit) break;
      if (e.active && (q.category == null || e.category === q.category)) out.push(e.id);
    }
    return out;
  }

  /** Every category a product has, sorted by code unit as IndexedDB's keys were. */
  categories(): string[] {
    return [...new Set(this.entries.map((e) => e.category))].sort(byCodeUnits);
  }

  /** Product ids in name order whose words match every query word as a prefix. */
  search(q: IndexQuery): string[] {
    const words = [...new Set(q.words)];
    if (words.length === 0) return [];
    const ranges = words.map((w) => {
      const [first, end] = this.range(w);
      return { w, first, end, cost: this.offsets[end]! - this.offsets[first]! };
    });
    if (ranges.some((r) => r.cost === 0)) return [];
    ranges.sort((a, b) => a.cost - b.cost);
    const rarest = ranges[0]!;
    const marked = new Uint8Array(this.entries.length);
    for (let i = this.offsets[rarest.first]!; i < this.offsets[rarest.end]!; i++) marked[this.postings[i]!] = 1;
    const out: string[] = [];
    for (let ordinal = 0; ordinal < marked.length && out.length < q.limit; ordinal++) {
      if (marked[ordinal] !== 1) continue;
      const e = this.entries[ordinal]!;
      if (!e.active || (q.category != null && e.category !== q.category)) continue;
      if (words.length > 1 && !matchesQuery(e.words, words)) continue;
      out.push(e.id);
    }
    return out;
  }
}

export interface SliceOptions {
  sliceMs?: number;
  now?: () => number;
  pause?: () => Promise<void>;
}

/** Gives the event loop a turn: input and rendering run before the next slice. */
function pauseForFrame(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

// Same order as localeCompare(…, 'id'), several times faster per comparison.
const collator = new Intl.Collator('id');
const byName = (a: IndexEntry, b: IndexEntry): number => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Units of work between two chances to pause: each is well under a millisecond. */
const STEP = 1024;

/**
 * The build as a sequence of small steps (it yields between them): sorting
 * is a bottom-up merge sort, so no single step sorts the whole catalog.
 */
interface Parts {
  entries: IndexEntry[];
  vocab: string[];
  postings: Uint32Array;
  offsets: Uint32Array;
}

function* buildSteps(input: readonly IndexEntry[]): Generator<void, Parts> {
  const entries = yield* sortInSteps([...input], byName);
  const byWord = new Map<string, number[]>();
  for (let ordinal = 0; ordinal < entries.length; ordinal++) {
    for (const w of new Set(entries[ordinal]!.words)) {
      let list = byWord.get(w);
      if (!list) byWord.set(w, (list = []));
      list.push(ordinal);
    }
    if (ordinal % STEP === STEP - 1) yield;
  }
  const vocab = yield* sortInSteps([...byWord.keys()], byCodeUnits);
  const offsets = new Uint32Array(vocab.length + 1);
  let total = 0;
  for (let i = 0; i < vocab.length; i++) {
    offsets[i] = total;
    total += byWord.get(vocab[i]!)?.length ?? 0;
  }
  offsets[vocab.length] = total;
  yield;
  const postings = new Uint32Array(total);
  for (let i = 0; i < vocab.length; i++) {
    postings.set(byWord.get(vocab[i]!) ?? [], offsets[i]);
    if (i % STEP === STEP - 1) yield;
  }
  return { entries, vocab, postings, offsets };
}

/** A stable merge sort that yields every STEP elements sorted or merged. */
function* sortInSteps<T>(items: T[], cmp: (a: T, b: T) => number): Generator<void, T[]> {
  const n = items.length;
  const RUN = 256;
  for (let lo = 0; lo < n; lo += RUN) {
    const run = items.slice(lo, lo + RUN).sort(cmp);
    for (let i = 0; i < run.length; i++) items[lo + i] = run[i]!;
    if ((lo / RUN) % 4 === 3) yield;
  }
  let src = items;
  let dst: T[] = new Array<T>(n);
  let work = 0;
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      for (let k = lo; k < hi; k++) {
        // Left first on ties: stable.
        if (i < mid && (j >= hi || cmp(src[i]!, src[j]!) <= 0)) dst[k] = src[i++]!;
        else dst[k] = src[j++]!;
        if (++work % STEP === 0) yield;
      }
    }
    [src, dst] = [dst, src];
  }
  return src;
}
