/**
 * The loss interface of the GBDT (scikit-learn `_loss`): base score, gradients and hessians of the
 * loss with respect to the raw prediction, and the mean loss used for early stopping.
 * Raw predictions are row-major: raw[row · nOutputs + k].
 */
import type { ForestLink } from '../flat-forest';

export interface GbdtObjective {
  /** Trees per round and raw outputs per row. */
  nOutputs: number;
  /** Link from raw output to prediction, recorded in the flat forest. */
  link: ForestLink;
  /**
   * Constant raw prediction that minimises the loss on `rows`.
   * @param y Float64Array, length nRows. @param rows Uint32Array of training rows.
   * @returns Float64Array, length nOutputs.
   */
  baseScore(y: Float64Array, rows: Uint32Array): Float64Array;
  /**
   * Gradients and hessians at `rows` (other entries untouched).
   * @param raw Float64Array, length nRows × nOutputs.
   * @param grad one Float64Array per output, each of length nRows; `hess` likewise.
   */
  gradients(
    y: Float64Array,
    raw: Float64Array,
    rows: Uint32Array,
    grad: Float64Array[],
    hess: Float64Array[]
  ): void;
  /** Mean loss over `rows`. */
  loss(y: Float64Array, raw: Float64Array, rows: Uint32Array): number;
}
