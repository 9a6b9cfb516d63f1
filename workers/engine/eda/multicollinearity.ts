/**
 * Variance inflation factors from the Pearson matrix: VIF_i = (R⁻¹)_ii, i.e. 1 / (1 − R²_i) of
 * column i regressed on the others. Columns with an undefined correlation (constant) are left
 * out. A singular R (exact collinearity) is regularised with a 1e-10 ridge: the columns in the
 * dependency then get huge VIFs, reported as null (infinite) and flagged.
 */
import type { CorrelationMatrix, MulticollinearityEda } from './types';
import { invert } from './stats-js';

/** VIFs above this are reported as null (perfect collinearity). */
const INFINITE_VIF = 1e8;

/** VIF per column of `pearson` (except `exclude`, e.g. the target), flagged above `threshold`. */
export function multicollinearity(
  pearson: CorrelationMatrix,
  threshold: number,
  exclude?: string
): MulticollinearityEda {
  const keep = pearson.columns
    .map((name, i) => ({ name, i }))
    .filter(({ name, i }) => name !== exclude && pearson.matrix[i].every((v) => v !== null));
  const out: MulticollinearityEda = { columns: [], vif: [], flagged: [], threshold };
  if (keep.length < 2) return out;
  const r = keep.map(({ i }) => keep.map(({ i: j }) => pearson.matrix[i][j] as number));
  let inv = invert(r);
  if (!inv)
    inv = invert(
      r.map((row, i) => row.map((v, j) => (i === j ? v + 1e-10 : v))),
      0
    );
  keep.forEach(({ name }, k) => {
    const raw = inv ? inv[k][k] : Infinity;
    const vif = Number.isFinite(raw) && raw < INFINITE_VIF ? Math.max(1, raw) : null;
    out.columns.push(name);
    out.vif.push(vif);
    if (vif === null || vif > threshold) out.flagged.push(name);
  });
  return out;
}
