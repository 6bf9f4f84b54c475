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

  static build(input: readonly IndexEntry[]): SearchIndex {
    const entries = [...input].sort((a, b) => a.name.localeCompare(b.name, 'id') || (a.id < b.id ? -1 : 1));
    const byWord = new Map<string, number[]>();
    entries.forEach((e, ordinal) => {
      for (const w of new Set(e.words)) {
        let list = byWord.get(w);
        if (!list) byWord.set(w, (list = []));
        list.push(ordinal);
      }
    });
    const vocab = [...byWord.keys()].sort();
    const offsets = new Uint32Array(vocab.length + 1);
    let total = 0;
    vocab.forEach((w, i) => {
      offsets[i] = total;
      total += byWord.get(w)?.length ?? 0;
    });
    offsets[vocab.length] = total;
    const postings = new Uint32Array(total);
    vocab.forEach((w, i) => postings.set(byWord.get(w) ?? [], offsets[i]));
    return new SearchIndex(entries, vocab, postings, offsets);
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
