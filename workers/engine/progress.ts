/** Progress and cancellation shared by every long engine job (load, EDA, training…). */

export interface Progress {
  /** Stable stage key, e.g. 'detect', 'parse', 'profile', 'validate'. */
  stage: string;
  /** 0 … 1 for the whole job. */
  fraction: number;
  /** Seconds left, when it can be estimated. */
  etaSeconds?: number;
}

export type ProgressFn = (p: Progress) => void;

/** The AbortSignal subset the engine needs, so Node, workers and tests can all supply one. */
export interface CancelSignal {
  readonly aborted: boolean;
}
