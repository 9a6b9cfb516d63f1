/**
 * The session store of evaluations: EXPLAIN_RESULTS (the whole evaluation: typed arrays are kept
 * as they are by IndexedDB's structured clone) and, merged into ML_RESULTS, `top_features` and
 * `shap_summary` — via the sessions repository.
 */
import { appRepos } from '$lib/db';
import type { ExplainStore, StoredExplain } from './explain.svelte';

export const EXPLAIN_KEY = 'EXPLAIN_RESULTS';

export function sessionExplainStore(): ExplainStore {
  return {
    async load(sessionId) {
      const rec = await appRepos().sessions.get(sessionId);
      const v = rec?.state[EXPLAIN_KEY] as StoredExplain | undefined;
      return v && typeof v === 'object' && 'evaluation' in v ? v : null;
    },
    async save(sessionId, stored, summary) {
      const rec = await appRepos().sessions.get(sessionId);
      const ml = (rec?.state.ML_RESULTS ?? {}) as Record<string, unknown>;
      await appRepos().sessions.patchState(sessionId, {
        [EXPLAIN_KEY]: stored,
        ML_RESULTS: { ...ml, ...summary, explainedModelId: stored.modelId }
      });
    }
  };
}
