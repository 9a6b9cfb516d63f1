/**
 * The GBDT's WASM training kernels (wasm/hist) and the TreeSHAP kernel (wasm/shap) for the ML
 * worker: fetched from the app's own
 * assets (`?url`, no network beyond the origin) and handed to the engine's tree trainers. Until
 * they are ready — or if they fail — the TypeScript kernels train: same forests bit for bit, only
 * slower.
 */
import histWasmUrl from '../../wasm/hist/build/hist.wasm?url';
import shapWasmUrl from '../../wasm/shap/build/shap.wasm?url';
import { createWasmTreeShap } from '../engine/explain/tree-shap-wasm';
import { setTreeShapKernel } from '../engine/explain/tree-shap';
import { createWasmHistogram } from '../engine/gbdt/histogram-wasm';
import { setGbdtFitOptions } from '../engine/models/trees';

export async function loadGbdtWasm(): Promise<boolean> {
  try {
    const bytes = new Uint8Array(await (await fetch(histWasmUrl)).arrayBuffer());
    setGbdtFitOptions({ histogramBuilder: createWasmHistogram(bytes) });
    const shap = new Uint8Array(await (await fetch(shapWasmUrl)).arrayBuffer());
    setTreeShapKernel(createWasmTreeShap(shap));
    return true;
  } catch {
    return false;
  }
}
