#!/usr/bin/python3
"""XGBoost reference for `npm run bench:trees` (issue 4), measured on THIS machine and OUR split.

The README's figures (fit ~3.5 s, AUC 0.7107) come from scikit-learn's train_test_split; the bench
uses stratifiedKFold(y, 5, 42) fold 0 as its test rows. This script reads the very bytes the bench
reads (tests/bench/data/flights-delay-1m.trees.bin, written by tests/bench/trees-shared.ts
`encodeTreesData`: header 8 x uint32 [magic 'TREE', version 1, n, nFeatures, nTrain, nTest, 0, 0],
then nFeatures x n float64 columns, n float64 y, nTrain uint32 train rows, nTest uint32 test rows)
and fits XGBoost `hist` with the bench's settings (100 trees, depth 6, eta 0.3, lambda 1,
min_child_weight 1, 1 thread; origin / destination as ordinal codes), median of 3 fits (DMatrix
construction from the arrays excluded, as the bench's excludes parsing; a fresh DMatrix per fit, so
the quantile sketch / binning is timed, as ours is), then the test AUC
(Mann-Whitney, ties counted half). Writes tests/bench/results/xgboost-reference.json, which
tests/bench/trees.mjs uses as the reference for its ratio and AUC delta.

Run: /usr/bin/python3 tests/bench/xgboost-reference.py [--runs N]  (Debian python3-xgboost 1.7.4)
"""
import json
import os
import platform
import resource
import sys
import time

import numpy as np
import xgboost as xgb

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data", "flights-delay-1m.trees.bin")
OUT = os.path.join(HERE, "results", "xgboost-reference.json")
MAGIC = 0x45455254
PARAMS = {
    "objective": "binary:logistic",
    "tree_method": "hist",
    "max_depth": 6,
    "eta": 0.3,
    "lambda": 1.0,
    "min_child_weight": 1.0,
    "max_bin": 256,
    "nthread": 1,
    "seed": 42,
}
ROUNDS = 100


def read_data(path):
    buf = np.fromfile(path, dtype=np.uint8)
    head = buf[:32].view(np.uint32)
    if head[0] != MAGIC or head[1] != 1:
        sys.exit(f"{path}: not a bench:trees data file (v1); run npm run bench:trees once")
    n, nf, ntr, nte = (int(v) for v in head[2:6])
    at = 32
    cols = buf[at : at + nf * n * 8].view(np.float64).reshape(nf, n)
    at += nf * n * 8
    y = buf[at : at + n * 8].view(np.float64)
    at += n * 8
    train = buf[at : at + ntr * 4].view(np.uint32)
    at += ntr * 4
    test = buf[at : at + nte * 4].view(np.uint32)
    return np.ascontiguousarray(cols.T), y, train, test


def auc(y, score):
    """Mann-Whitney AUC with average ranks for ties (= scikit-learn's roc_auc_score)."""
    order = np.argsort(score, kind="mergesort")
    s = score[order]
    ranks = np.empty(len(s), dtype=np.float64)
    # Average rank per run of equal scores.
    bounds = np.flatnonzero(np.diff(s)) + 1
    starts = np.concatenate(([0], bounds))
    ends = np.concatenate((bounds, [len(s)]))
    avg = (starts + ends + 1) / 2.0
    ranks[order] = np.repeat(avg, ends - starts)
    pos = y == 1
    n1 = pos.sum()
    n0 = len(y) - n1
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2.0) / (n1 * n0))


def main():
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
    X, y, train, test = read_data(DATA)
    Xtr, ytr = X[train], y[train]
    dtest = xgb.DMatrix(X[test], nthread=1)
    load_before = os.getloadavg()
    wall, cpu = [], []
    booster = None
    for _ in range(runs):
        # A fresh DMatrix per fit: XGBoost caches its quantile sketch / bin index on the DMatrix,
        # and our fit time includes binning, so every timed fit bins from scratch too.
        dtrain = xgb.DMatrix(Xtr, label=ytr, nthread=1)
        c0 = resource.getrusage(resource.RUSAGE_SELF)
        t0 = time.perf_counter()
        booster = xgb.train(PARAMS, dtrain, num_boost_round=ROUNDS)
        wall.append(time.perf_counter() - t0)
        c1 = resource.getrusage(resource.RUSAGE_SELF)
        cpu.append((c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime))
    t0 = time.perf_counter()
    p = booster.predict(dtest)
    predict_s = time.perf_counter() - t0
    result = {
        "source": "tests/bench/xgboost-reference.py",
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "xgboost": xgb.__version__,
        "python": platform.python_version(),
        "machine": platform.processor() or platform.machine(),
        "loadAverageBefore": [round(v, 2) for v in load_before],
        "loadAverageAfter": [round(v, 2) for v in os.getloadavg()],
        "split": "stratifiedKFold(y, 5, 42) fold 0 = test (the bench's own rows)",
        "rows": {"train": int(len(train)), "test": int(len(test))},
        "params": {**PARAMS, "num_boost_round": ROUNDS},
        "fitRuns": runs,
        "fitSeconds": round(float(np.median(wall)), 3),
        "fitSecondsAll": [round(v, 3) for v in wall],
        "fitCpuSeconds": round(float(np.median(cpu)), 3),
        "fitCpuSecondsAll": [round(v, 3) for v in cpu],
        "predictTestSeconds": round(predict_s, 3),
        "auc": round(auc(y[test], p.astype(np.float64)), 5),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as fh:
        json.dump(result, fh, indent=2)
        fh.write("\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
