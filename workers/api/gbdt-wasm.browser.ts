/**
 * The GBDT's WASM training kernels (wasm/hist), the TreeSHAP kernel (wasm/shap) and the tree
 * prediction kernel (wasm/predict) for the ML worker: fetched from the app's own assets (`?url`,
 * no network beyond the origin) and handed to the engine's tree models. Until they are ready — or
 * if they fail — the TypeScript kernels run: same forests and predictions bit for bit, only
 * slower. Each kernel is installed on its own, so one that fails leaves the others in place.
 */
import histWasmUrl from '../../wasm/hist/build/hist.wasm?url';
import shapWasmUrl from '../../wasm/shap/build/shap.wasm?url';
import predictWasmUrl from '../../wasm/predict/build/predict.wasm?url';
import { createWasmTreeShap } from '../engine/explain/tree-shap-wasm';
import { setTreeShapKernel } from '../engine/explain/tree-shap';
import { createWasmHistogram } from '../engine/gbdt/histogram-wasm';
import { createWasmPredictor } from '../engine/gbdt/wasm-predict';
import { setGbdtFitOptions, setTreePredictKernel } from '../engine/models/trees';

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Installs every kernel that loads; true when all three did. */
export async function loadGbdtWasm(): Promise<boolean> {
  const results = await Promise.allSettled([
    fetchBytes(histWasmUrl).then((b) =>
      setGbdtFitOptions({ histogramBuilder: createWasmHistogram(b) })
    ),
    fetchBytes(shapWasmUrl).then((b) => setTreeShapKernel(createWasmTreeShap(b))),
    fetchBytes(predictWasmUrl).then((b) => setTreePredictKernel(createWasmPredictor(b)))
  ]);
  return results.every((r) => r.status === 'fulfilled');
}
