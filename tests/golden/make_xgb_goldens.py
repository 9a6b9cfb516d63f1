"""Golden XGBoost models for the importer tests (tests/unit/xgboost-import.test.ts).

Run with Debian's python3-xgboost 1.7.4 (+ python3-sklearn for iris / diabetes):
    /usr/bin/python3 tests/golden/make_xgb_goldens.py
Writes tests/golden/xgboost/<name>.model.json (the file save_model wrote, as is: XGBoost writes
bare NaN at categorical splits) and <name>.json: {description, xgboost_version, objective,
model_file, X (rows, null = missing), margin (rows × outputs), prediction}.
Margins are XGBoost's float32 values written as exact doubles.
"""
import json
import os
import tempfile

import numpy as np
import xgboost as xgb
from sklearn.datasets import load_diabetes, load_iris

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "xgboost")


def with_missing(X, share, rng):
    X = X.copy()
    X[rng.random(X.shape) < share] = np.nan
    return X


def export(name, description, booster, X, dmatrix_kwargs=None):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "m.json")
        booster.save_model(path)
        with open(path) as f:
            text = f.read()
        model = json.loads(text)
        with open(os.path.join(OUT, name + ".model.json"), "w") as f:
            f.write(text)
        # Predict from the saved file re-loaded: exactly what an importer sees.
        loaded = xgb.Booster(model_file=path)
    dm = xgb.DMatrix(X, **(dmatrix_kwargs or {}))
    margin = loaded.predict(dm, output_margin=True)
    pred = loaded.predict(dm)
    rows = [[None if np.isnan(v) else float(v) for v in row] for row in X]
    doc = {
        "description": description,
        "xgboost_version": xgb.__version__,
        "objective": model["learner"]["objective"]["name"],
        "model_file": name + ".model.json",
        "X": rows,
        "margin": np.asarray(margin, dtype=np.float64).reshape(len(X), -1).tolist(),
        "prediction": np.asarray(pred, dtype=np.float64).reshape(len(X), -1).tolist(),
    }
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(doc, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(42)

    iris = load_iris()
    X = with_missing(iris.data, 0.1, rng)
    params = {"objective": "multi:softprob", "num_class": 3, "max_depth": 3, "eta": 0.3,
              "tree_method": "hist", "seed": 0, "nthread": 1}
    b = xgb.train(params, xgb.DMatrix(X, label=iris.target), num_boost_round=5)
    idx = np.arange(0, 150, 5)
    export("iris_softprob", "iris, 4 numeric features, 10% NaN, multi:softprob, 3 classes, "
           "5 rounds (15 trees), depth 3, hist; rows = every 5th row", b, X[idx])

    diab = load_diabetes()
    X = with_missing(diab.data, 0.05, rng)
    params = {"objective": "reg:squarederror", "max_depth": 4, "eta": 0.1, "base_score": 150.0,
              "tree_method": "exact", "seed": 0, "nthread": 1}
    b = xgb.train(params, xgb.DMatrix(X, label=diab.target), num_boost_round=20)
    export("diabetes_regression", "diabetes, 10 numeric features, 5% NaN, reg:squarederror, "
           "base_score 150, 20 trees, depth 4, exact; rows = first 40", b, X[:40])

    # Native categorical splits (partition-based: categories beyond one-hot size).
    n = 400
    cat = rng.integers(0, 12, n).astype(np.float64)
    num = rng.normal(size=n)
    y = ((np.isin(cat, [1, 4, 5, 9]) * 1.5 + num + rng.normal(scale=0.3, size=n)) > 0.7)
    X = np.column_stack([cat, num])
    X[rng.random(X.shape) < 0.05] = np.nan
    kw = {"feature_types": ["c", "q"], "enable_categorical": True}
    params = {"objective": "binary:logistic", "max_depth": 3, "eta": 0.3, "tree_method": "hist",
              "max_cat_to_onehot": 1, "seed": 0, "nthread": 1}
    b = xgb.train(params, xgb.DMatrix(X, label=y, **kw), num_boost_round=8)
    export("categorical_binary", "synthetic: feature 0 categorical (codes 0-11), feature 1 "
           "numeric, 5% NaN, binary:logistic, 8 trees, depth 3, hist, partition splits; "
           "rows = first 60", b, X[:60], kw)


if __name__ == "__main__":
    main()
