/**
 * Evaluation curves computed from holdout predictions (pure, no Plot): ROC and precision–recall
 * with their areas, confusion matrices, calibration bins, the binary threshold sweep, cumulative
 * gain / lift and histograms. Inputs are the worker's typed arrays; classification scores are
 * probabilities (row-major nRows × K), one-vs-rest for multiclass.
 */

/** Scores of class `k` and the 0/1 "is class k" flags (one-vs-rest). */
export function oneVsRest(
  proba: ArrayLike<number>,
  y: ArrayLike<number>,
  K: number,
  k: number
): { scores: Float64Array; positive: Uint8Array } {
  const n = y.length;
  const scores = new Float64Array(n);
  const positive = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    scores[r] = proba[r * K + k];
    positive[r] = y[r] === k ? 1 : 0;
  }
  return { scores, positive };
}

/** Row indices sorted by score descending (ties keep row order: stable). */
function byScoreDesc(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => scores[b] - scores[a] || a - b
  );
}

export interface RocPoint {
  fpr: number;
  tpr: number;
  /** Score at or above which rows are called positive (Infinity for the (0, 0) corner). */
  threshold: number;
}

/**
 * ROC curve: one point per distinct score (ties move together, so the curve is the one sklearn's
 * roc_curve(drop_intermediate=False) draws), starting at (0, 0). AUC by the trapezoid rule; NaN
 * when one class is absent.
 */
export function rocCurve(
  scores: ArrayLike<number>,
  positive: ArrayLike<number>
): { points: RocPoint[]; auc: number } {
  const order = byScoreDesc(scores);
  let P = 0;
  for (let i = 0; i < positive.length; i++) P += positive[i] ? 1 : 0;
  const N = positive.length - P;
  const points: RocPoint[] = [{ fpr: 0, tpr: 0, threshold: Infinity }];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; i++) {
    const r = order[i];
    if (positive[r]) tp++;
    else fp++;
    const next = order[i + 1];
    if (next !== undefined && scores[next] === scores[r]) continue;
    points.push({ fpr: N ? fp / N : NaN, tpr: P ? tp / P : NaN, threshold: scores[r] });
  }
  if (!P || !N) return { points, auc: NaN };
  let auc = 0;
  for (let i = 1; i < points.length; i++)
    auc += ((points[i].fpr - points[i - 1].fpr) * (points[i].tpr + points[i - 1].tpr)) / 2;
  return { points, auc };
}

export interface PrPoint {
  recall: number;
  precision: number;
  threshold: number;
}

/**
 * Precision–recall curve (one point per distinct score, highest first) and average precision
 * AP = Σ (Rₙ − Rₙ₋₁) · Pₙ — sklearn's average_precision_score, the step-wise area (no
 * optimistic interpolation). NaN without positives.
 */
export function prCurve(
  scores: ArrayLike<number>,
  positive: ArrayLike<number>
): { points: PrPoint[]; ap: number } {
  const order = byScoreDesc(scores);
  let P = 0;
  for (let i = 0; i < positive.length; i++) P += positive[i] ? 1 : 0;
  const points: PrPoint[] = [];
  let tp = 0;
  let ap = 0;
  let lastRecall = 0;
  for (let i = 0; i < order.length; i++) {
    const r = order[i];
    if (positive[r]) tp++;
    const next = order[i + 1];
    if (next !== undefined && scores[next] === scores[r]) continue;
    const recall = P ? tp / P : NaN;
    const precision = tp / (i + 1);
    points.push({ recall, precision, threshold: scores[r] });
    if (P) ap += (recall - lastRecall) * precision;
    lastRecall = recall;
  }
  return { points, ap: P ? ap : NaN };
}

/** Counts K × K: rows = actual class, columns = predicted class (argmax of `proba`). */
export function confusionCounts(
  proba: ArrayLike<number>,
  y: ArrayLike<number>,
  K: number
): number[][] {
  const m = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  for (let r = 0; r < y.length; r++) {
    let best = 0;
    for (let c = 1; c < K; c++) if (proba[r * K + c] > proba[r * K + best]) best = c;
    const actual = y[r];
    if (actual >= 0 && actual < K) m[actual][best]++;
  }
  return m;
}

/** Each row divided by its sum (recall per class on the diagonal); empty rows stay 0. */
export function rowNormalise(m: number[][]): number[][] {
  return m.map((row) => {
    const s = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (s ? v / s : 0));
  });
}

export interface CalibrationBin {
  /** Bin [lo, hi) of predicted probability (the last bin includes 1). */
  lo: number;
  hi: number;
  /** Mean predicted probability in the bin. */
  predicted: number;
  /** Share of positives in the bin. */
  observed: number;
  count: number;
}

/** Reliability diagram: `bins` equal-width probability bins; empty bins are left out. */
export function calibrationBins(
  scores: ArrayLike<number>,
  positive: ArrayLike<number>,
  bins = 10
): CalibrationBin[] {
  const sum = new Float64Array(bins);
  const pos = new Float64Array(bins);
  const cnt = new Float64Array(bins);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (!Number.isFinite(s)) continue;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(s * bins)));
    sum[b] += s;
    pos[b] += positive[i] ? 1 : 0;
    cnt[b]++;
  }
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++)
    if (cnt[b])
      out.push({
        lo: b / bins,
        hi: (b + 1) / bins,
        predicted: sum[b] / cnt[b],
        observed: pos[b] / cnt[b],
        count: cnt[b]
      });
  return out;
}

export interface ThresholdStats {
  threshold: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  /** NaN when nothing is called positive. */
  precision: number;
  recall: number;
  f1: number;
}

/** Counts and precision / recall / F1 when rows with score ≥ `threshold` are called positive. */
export function statsAt(
  scores: ArrayLike<number>,
  positive: ArrayLike<number>,
  threshold: number
): ThresholdStats {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < scores.length; i++) {
    const called = scores[i] >= threshold;
    if (positive[i]) {
      if (called) tp++;
      else fn++;
    } else if (called) fp++;
    else tn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : NaN;
  const recall = tp + fn ? tp / (tp + fn) : NaN;
  const f1 = tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
  return { threshold, tp, fp, fn, tn, precision, recall, f1 };
}

/** statsAt for thresholds 0, 1/steps, …, 1 (default steps = 100). */
export function thresholdSweep(
  scores: ArrayLike<number>,
  positive: ArrayLike<number>,
  steps = 100
): ThresholdStats[] {
  return Array.from({ length: steps + 1 }, (_, i) => statsAt(scores, positive, i / steps));
}

export interface GainPoint {
  /** Share of rows taken, highest scores first (0 … 1). */
  population: number;
  /** Share of all positives among them (cumulative gain). */
  gain: number;
  /** gain / population (1 = random). NaN at population 0. */
  lift: number;
}

/** Cumulative gain and lift at `bins` equal population steps (deciles by default), from (0, 0). */
export function gainCurve(
  scores: ArrayLike<number>,
  positive: ArrayLike<number>,
  bins = 10
): GainPoint[] {
  const order = byScoreDesc(scores);
  const n = order.length;
  let P = 0;
  for (let i = 0; i < n; i++) P += positive[i] ? 1 : 0;
  const out: GainPoint[] = [{ population: 0, gain: 0, lift: NaN }];
  let tp = 0;
  let taken = 0;
  for (let b = 1; b <= bins; b++) {
    const upto = Math.round((b * n) / bins);
    for (; taken < upto; taken++) tp += positive[order[taken]] ? 1 : 0;
    const population = n ? upto / n : 0;
    const gain = P ? tp / P : NaN;
    out.push({ population, gain, lift: population ? gain / population : NaN });
  }
  return out;
}

/** Equal-width histogram of the finite values: edges (bins + 1) and counts (bins). */
export function histogram(
  values: ArrayLike<number>,
  bins = 20
): { edges: number[]; counts: number[] } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return { edges: [], counts: [] };
  if (lo === hi) {
    let n = 0;
    for (let i = 0; i < values.length; i++) if (values[i] === lo) n++;
    return { edges: [lo, hi], counts: [n] };
  }
  const w = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * w));
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    counts[Math.min(bins - 1, Math.floor((v - lo) / w))]++;
  }
  return { edges, counts };
}
