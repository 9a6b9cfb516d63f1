/**
 * Alerts (the ydata-profiling set plus TARGET_LEAKAGE and HIGH_VIF) derived from the computed
 * sections; no SQL. Thresholds live in alert-rules.ts. Order: table-level, then per column in
 * table order, then pairs.
 */
import type {
  AlertCode,
  ColumnEda,
  CorrelationsEda,
  EdaAlert,
  MulticollinearityEda,
  OverviewEda,
  TargetEda
} from './types';
import type { RelationData } from './relation-sample';
import { ALERT_THRESHOLDS as T, SEVERITY, TEXTS } from './alert-rules';

/** Everything the alert rules read. */
export interface AlertInput {
  overview: OverviewEda;
  columns: ColumnEda[];
  correlations: CorrelationsEda;
  multicollinearity: MulticollinearityEda;
  target?: TargetEda;
  data: RelationData;
  correlationThreshold: number;
}

function alert(code: AlertCode, value: number, column?: string, other?: string): EdaAlert {
  const t = TEXTS[code](column ?? '', value, other);
  return {
    code,
    ...(column !== undefined ? { column } : {}),
    ...(other !== undefined ? { columns: [column!, other] } : {}),
    value,
    message: t.message,
    action: t.action,
    severity: SEVERITY[code]
  };
}

/** 1 − H / log(k) of a full count list (0 = uniform, → 1 = one value dominates). */
export function imbalanceScore(counts: number[]): number {
  const k = counts.filter((c) => c > 0).length;
  const n = counts.reduce((a, b) => a + b, 0);
  if (k < 2 || n === 0) return 0;
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / n) * Math.log(c / n);
  return 1 - h / Math.log(k);
}

function columnAlerts(c: ColumnEda, target?: string): EdaAlert[] {
  const out: EdaAlert[] = [];
  if (c.count > 0 && c.distinct <= 1) out.push(alert('CONSTANT', c.distinct, c.name));
  if (c.missingShare > T.missing) out.push(alert('MISSING', c.missingShare, c.name));
  const idType = c.type === 'text' || c.type === 'categorical' || c.type === 'integer';
  const unique = idType && c.count >= T.uniqueMinRows && c.distinct === c.count;
  if (unique && c.name !== target) out.push(alert('UNIQUE', c.distinct, c.name));
  const cat = c.categorical;
  if (cat && !unique && c.distinct > T.highCardinality) {
    out.push(alert('HIGH_CARDINALITY', c.distinct, c.name));
  }
  if (cat && cat.numericShare > T.mixedTypes && cat.numericShare < 1) {
    out.push(alert('MIXED_TYPES', cat.numericShare, c.name));
  }
  if (cat && cat.dateShare >= T.dateAsText) out.push(alert('DATE_AS_TEXT', cat.dateShare, c.name));
  if (c.name !== target) {
    const counts = cat && cat.otherCount === 0 ? cat.topK.map((t) => t.count) : undefined;
    const b = c.boolean ? [c.boolean.trueCount, c.boolean.falseCount] : counts;
    const score = b ? imbalanceScore(b) : 0;
    if (score > T.imbalance) out.push(alert('IMBALANCE', score, c.name));
  }
  const nm = c.numeric;
  if (nm && nm.skewness !== null && Math.abs(nm.skewness) > T.skewness) {
    out.push(alert('SKEWED', nm.skewness, c.name));
  }
  if (nm && c.count > 0 && nm.zerosShare > T.zeros) out.push(alert('ZEROS', nm.zerosShare, c.name));
  return out;
}

/** Share of rows whose class is the majority class of their category (1 = category decides). */
function purity(data: RelationData, feature: string, target: string): number | null {
  const f = data.categorical.find((c) => c.name === feature);
  const t = data.categorical.find((c) => c.name === target);
  if (!f || !t) return null;
  const k = t.labels.length;
  const counts = new Float64Array(f.labels.length * k);
  let n = 0;
  for (let i = 0; i < f.codes.length; i++) {
    if (f.codes[i] < 0 || t.codes[i] < 0) continue;
    counts[f.codes[i] * k + t.codes[i]]++;
    n++;
  }
  // A category seen once decides its class trivially: demand ≥ 10 rows per level on average.
  if (n === 0 || n < 10 * f.labels.length) return null;
  let hit = 0;
  for (let c = 0; c < f.labels.length; c++) hit += Math.max(...counts.subarray(c * k, c * k + k));
  return hit / n;
}

function leakage(input: AlertInput, target: TargetEda): EdaAlert[] {
  const { correlations: cr, data } = input;
  const tn = target.column;
  const out: EdaAlert[] = [];
  const seen = new Set<string>();
  const add = (feature: string, v: number | null) => {
    if (v === null || feature === tn || seen.has(feature) || Math.abs(v) <= T.leakage) return;
    seen.add(feature);
    out.push(alert('TARGET_LEAKAGE', v, feature, tn));
  };
  const pi = cr.pearson.columns.indexOf(tn);
  if (pi >= 0) cr.pearson.columns.forEach((c, j) => add(c, cr.pearson.matrix[pi][j]));
  const vi = cr.cramersV.columns.indexOf(tn);
  if (vi >= 0) cr.cramersV.columns.forEach((c, j) => add(c, cr.cramersV.matrix[vi][j]));
  const ei = cr.eta.categorical.indexOf(tn);
  if (ei >= 0) cr.eta.numeric.forEach((c, i) => add(c, cr.eta.matrix[i][ei]));
  const en = cr.eta.numeric.indexOf(tn);
  if (en >= 0) cr.eta.categorical.forEach((c, j) => add(c, cr.eta.matrix[en][j]));
  if (target.problemType !== 'regression') {
    for (const f of data.categorical) {
      const p = f.name === tn ? null : purity(data, f.name, tn);
      if (p !== null && p >= T.leakagePurity && !seen.has(f.name)) {
        seen.add(f.name);
        out.push(alert('TARGET_LEAKAGE', p, f.name, tn));
      }
    }
  }
  return out;
}

function pairAlerts(
  m: { columns: string[]; matrix: (number | null)[][] },
  thr: number,
  skip?: string
) {
  const out: EdaAlert[] = [];
  for (let i = 0; i < m.columns.length; i++) {
    for (let j = i + 1; j < m.columns.length; j++) {
      const v = m.matrix[i][j];
      if (v === null || Math.abs(v) <= thr) continue;
      if (m.columns[i] === skip || m.columns[j] === skip) continue;
      out.push(alert('HIGH_CORRELATION', v, m.columns[i], m.columns[j]));
    }
  }
  return out;
}

/** Every alert of the profile. */
export function buildAlerts(input: AlertInput): EdaAlert[] {
  const { overview, columns, correlations: cr, multicollinearity: mc, target } = input;
  const out: EdaAlert[] = [];
  if (overview.duplicateRows > 0) out.push(alert('DUPLICATE_ROWS', overview.duplicateRows));
  for (const c of columns) out.push(...columnAlerts(c, target?.column));
  if (target?.classes && target.classes.length > 1) {
    const minority = Math.min(...target.classes.map((c) => c.share));
    if (minority < T.targetMinority) out.push(alert('IMBALANCE', minority, target.column));
  }
  const thr = input.correlationThreshold;
  // Pairs with the target are leakage questions, not redundancy: reported by TARGET_LEAKAGE.
  out.push(...pairAlerts(cr.pearson, thr, target?.column));
  out.push(...pairAlerts(cr.cramersV, thr, target?.column));
  cr.eta.numeric.forEach((x, i) =>
    cr.eta.categorical.forEach((g, j) => {
      const v = cr.eta.matrix[i][j];
      if (v !== null && v > thr && x !== target?.column && g !== target?.column) {
        out.push(alert('HIGH_CORRELATION', v, x, g));
      }
    })
  );
  mc.columns.forEach((c, i) => {
    const v = mc.vif[i];
    if (v === null || v > mc.threshold) out.push(alert('HIGH_VIF', v ?? Infinity, c));
  });
  if (target) out.push(...leakage(input, target));
  return out;
}
