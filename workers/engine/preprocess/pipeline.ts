/** The fitted pipeline: inference only (fit.ts builds it, codec.ts stores it). */
import type { Frame } from '../frame/types';
import { allRows, checkRows } from '../frame/subset';
import type { DesignMatrix } from '../models/types';
import { alignColumns, checkInputColumns } from './align';
import { applyBlocks } from './transform';
import type { DroppedColumn, InputColumn, PipelineSpec } from './types';

export class FittedPipeline {
  constructor(readonly spec: PipelineSpec) {}

  get flavour(): PipelineSpec['flavour'] {
    return this.spec.flavour;
  }

  /** Design column names (e.g. `sex=male`, `date_month`, `city_te`). */
  get names(): string[] {
    return [...this.spec.names];
  }

  get kinds(): ('numeric' | 'categorical')[] {
    return [...this.spec.kinds];
  }

  /** The raw columns the pipeline reads: name, kind, training categories / range. */
  get inputSchema(): InputColumn[] {
    return this.spec.inputs;
  }

  /** Raw columns left out (target, excluded, constant, ID-like). */
  get dropped(): DroppedColumn[] {
    return this.spec.dropped;
  }

  /** Names of the training frame's columns; DesignMatrix.source indexes this list. */
  get sourceNames(): string[] {
    return [...this.spec.frameColumns];
  }

  /** Throws DataValidationError MISSING_COLUMNS when `frame` lacks an input column. */
  checkInput(frame: Frame): void {
    checkInputColumns(this.spec.inputs, frame);
  }

  /**
   * Design matrix of `rows` (default all) of `frame`. Columns are matched by name, so `frame` may
   * be a new file with other / more columns; `source` always indexes the training frame's columns
   * (`sourceNames`). Target encodings here are the full-training table (fitPipeline's `train` has
   * the out-of-fold ones).
   */
  transform(frame: Frame, rows?: Uint32Array): DesignMatrix {
    const columns = alignColumns(this.spec.inputs, frame);
    const r = rows ?? allRows(frame.nRows);
    checkRows(r, frame.nRows);
    return applyBlocks(this.spec, columns, r);
  }
}
