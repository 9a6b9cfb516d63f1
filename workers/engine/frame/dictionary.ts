/**
 * Building text columns: a growing dictionary (first-seen order while reading, for speed) that is
 * sorted at the end so every producer hands out the same, deterministic code order — the order
 * scikit-learn's encoders use (sorted categories), which keeps one-hot columns comparable.
 */
import type { FrameCategoricalColumn } from './types';

/** Collects values of one text column; `finish` sorts the dictionary and remaps the codes. */
export class DictionaryBuilder {
  private readonly index = new Map<string, number>();
  readonly labels: string[] = [];
  readonly codes: Int32Array;

  constructor(nRows: number) {
    this.codes = new Int32Array(nRows).fill(-1);
  }

  /** Code of `s`, adding it when new. */
  code(s: string): number {
    let c = this.index.get(s);
    if (c === undefined) {
      c = this.labels.length;
      this.index.set(s, c);
      this.labels.push(s);
    }
    return c;
  }

  set(row: number, s: string | null): void {
    this.codes[row] = s === null ? -1 : this.code(s);
  }

  /** The finished column; `sort` (default true) orders the dictionary by code unit. */
  finish(name: string, sort = true): FrameCategoricalColumn {
    if (!sort) return { name, kind: 'categorical', codes: this.codes, dictionary: this.labels };
    return sortDictionary({
      name,
      kind: 'categorical',
      codes: this.codes,
      dictionary: this.labels
    });
  }
}

/** Same strings in code-unit order (JS default sort; numpy's sort for BMP text). */
export function sortDictionary(col: FrameCategoricalColumn): FrameCategoricalColumn {
  const order = col.dictionary
    .map((_, i) => i)
    .sort((a, b) => cmp(col.dictionary[a], col.dictionary[b]));
  const remap = new Int32Array(order.length);
  order.forEach((old, i) => (remap[old] = i));
  const codes = new Int32Array(col.codes.length);
  for (let i = 0; i < codes.length; i++) codes[i] = col.codes[i] < 0 ? -1 : remap[col.codes[i]];
  return {
    name: col.name,
    kind: 'categorical',
    codes,
    dictionary: order.map((i) => col.dictionary[i])
  };
}

/** Code-unit comparison (not locale-aware: the same order in every runtime). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
