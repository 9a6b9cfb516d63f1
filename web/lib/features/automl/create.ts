/**
 * Wires AutoMLState for the app: the real engine on the main thread, the ML worker pool as the
 * executor, the `models` table, the device's cores and memory, and the session record (which
 * keeps ML_RESULTS / MODEL_COMPLETE / BEST_MODEL for the rest of the product).
 */
import { appDb, appRepos } from '$lib/db';
import { ModelsRepo } from '$lib/db/models';
import { createMlPool, defaultPoolSize } from '$lib/workers/ml-pool';
import { AutoMLState, type FrameSource, type MlResultsRef } from './automl.svelte';
import { realEngine } from './engine';

/** navigator.deviceMemory (Chromium only), GB. */
function deviceMemoryGB(): number | null {
  const m = (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory;
  return typeof m === 'number' && m > 0 ? m : null;
}

export function createAutoML(
  sessionId: string,
  data: () => FrameSource,
  onSaved?: (ref: MlResultsRef) => void
): AutoMLState {
  const size = defaultPoolSize();
  return new AutoMLState({
    data,
    engine: realEngine,
    executor: () => createMlPool({ size }),
    models: new ModelsRepo(appDb()),
    env: () => ({ cores: size, memoryGB: deviceMemoryGB() }),
    onSaved: async (ref) => {
      await appRepos().sessions.patchState(sessionId, {
        ML_RESULTS: { ...ref, holdout: { ...ref.holdout } },
        MODEL_COMPLETE: true,
        BEST_MODEL: ref.modelId
      });
      onSaved?.(ref);
    }
  });
}
