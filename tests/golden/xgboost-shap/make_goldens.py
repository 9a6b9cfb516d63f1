#!/usr/bin/python3
"""Goldens for exact TreeSHAP (issue 6): XGBoost models and XGBoost's own pred_contribs.

Run with Debian's python3 (python3-xgboost 1.7.4, scikit-learn 1.2.1, numpy):
    /usr/bin/python3 tests/golden/xgboost-shap/make_goldens.py

Writes, next to this script, for each case NAME:
  NAME.model.json  Booster.save_model (XGBoost JSON), what importXGBoostJson reads;
  NAME.json        {case, xgboost_version, params, n_features, n_outputs, X (null = missing),
                    contribs [row][output][feature..., bias] (XGBoost's float32 values as doubles),
                    margin [row][output] (predict(output_margin=True))}.

Cases (small on purpose: the files are committed):
  multiclass_wine    multi:softprob, 3 classes (one tree per class per round), 13 features,
                     10% of the training cells missing, explained rows with missing values;
  regression_diabetes reg:squarederror, 10 features, standardised target, missing values in training and rows;
  binary_missing     binary:logistic on breast_cancer with 15% missing training cells (learned
                     default directions matter), rows with missing values;
  categorical        binary:logistic, hist, 2 categorical features (native categorical splits,
                     feature_types 'c'), 3 numeric; rows include unseen and missing categories.
"""
import json
import os

import numpy as np
import sklearn
import xgboost as xgb
from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine

HERE = os.path.dirname(os.path.abspath(__file__))


def with_missing(X, share, seed):
    X = X.astype(np.float64).copy()
    rng = np.random.default_rng(seed)
    X[rng.random(X.shape) < share] = np.nan
    return X


def to_json_rows(X):
    return [[None if np.isnan(v) else float(v) for v in row] for row in X]


def write_case(name, booster, X_rows, params, n_outputs, feature_types=None):
    path = os.path.join(HERE, f"{name}.model.json")
    booster.save_model(path)
    # Explain with the re-loaded model: exactly what the importer sees.
    b = xgb.Booster(model_file=path)
    d = xgb.DMatrix(X_rows, missing=np.nan, feature_types=feature_types,
                    enable_categorical=feature_types is not None)
    contribs = b.predict(d, pred_contribs=True)
    margin = b.predict(d, output_margin=True)
    contribs = np.asarray(contribs, dtype=np.float64).reshape(len(X_rows), n_outputs, -1)
    margin = np.asarray(margin, dtype=np.float64).reshape(len(X_rows), n_outputs)
    out = {
        "case": name,
        "xgboost_version": xgb.__version__,
        "sklearn_version": sklearn.__version__,
        "params": params,
        "n_features": X_rows.shape[1],
        "n_outputs": n_outputs,
        "X": to_json_rows(X_rows),
        "contribs": contribs.tolist(),
        "margin": margin.tolist(),
    }
    with open(os.path.join(HERE, f"{name}.json"), "w") as fh:
        json.dump(out, fh, indent=None, separators=(",", ":"))
    print(name, contribs.shape, "max |sum - margin|",
          float(np.max(np.abs(contribs.sum(axis=2) - margin))))


def main():
    # Multiclass: one tree per class per round (tree_info 0, 1, 2, 0, 1, 2, ...).
    X, y = load_wine(return_X_y=True)
    Xm = with_missing(X, 0.10, 1)
    params = dict(objective="multi:softprob", num_class=3, max_depth=3, eta=0.3, seed=0,
                  tree_method="exact", nthread=1)
    b = xgb.train(params, xgb.DMatrix(Xm, label=y, missing=np.nan), num_boost_round=15)
    rows = with_missing(X[::9][:20], 0.2, 2)
    write_case("multiclass_wine", b, rows, {**params, "num_boost_round": 15}, 3)

    # Regression with missing values.
    X, y = load_diabetes(return_X_y=True)
    # Standardised target: XGBoost sums contributions in float32, so values of order 100 would
    # carry float32 rounding of ~1e-5; of order 1 they stay well inside 1e-6.
    y = (y - y.mean()) / y.std()
    Xm = with_missing(X, 0.10, 3)
    params = dict(objective="reg:squarederror", max_depth=4, eta=0.2, seed=0,
                  tree_method="exact", nthread=1)
    b = xgb.train(params, xgb.DMatrix(Xm, label=y, missing=np.nan), num_boost_round=25)
    rows = with_missing(X[::22][:20], 0.25, 4)
    write_case("regression_diabetes", b, rows, {**params, "num_boost_round": 25}, 1)

    # Binary with many missing training cells: default directions are learned, not arbitrary.
    X, y = load_breast_cancer(return_X_y=True)
    Xm = with_missing(X, 0.15, 5)
    params = dict(objective="binary:logistic", max_depth=5, eta=0.3, seed=0,
                  tree_method="exact", nthread=1)
    b = xgb.train(params, xgb.DMatrix(Xm, label=y, missing=np.nan), num_boost_round=20)
    rows = with_missing(X[::28][:20], 0.3, 6)
    write_case("binary_missing", b, rows, {**params, "num_boost_round": 20}, 1)

    # Native categorical splits (hist): features 0, 1 categorical (codes 0..5 / 0..3), 2..4 numeric.
    rng = np.random.default_rng(7)
    n = 600
    c0 = rng.integers(0, 6, n).astype(np.float64)
    c1 = rng.integers(0, 4, n).astype(np.float64)
    num = rng.normal(size=(n, 3))
    logit = np.array([1.5, -1, 0.5, -2, 2, 0])[c0.astype(int)] + 0.8 * (c1 == 2) + num[:, 0] \
        - 0.5 * num[:, 1] * (c1 == 1)
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(np.float64)
    Xc = np.column_stack([c0, c1, num])
    Xc = with_missing(Xc, 0.05, 8)
    types = ["c", "c", "q", "q", "q"]
    params = dict(objective="binary:logistic", max_depth=4, eta=0.3, seed=0, tree_method="hist",
                  max_cat_to_onehot=1, nthread=1)
    b = xgb.train(params, xgb.DMatrix(Xc, label=y, missing=np.nan, feature_types=types,
                                      enable_categorical=True), num_boost_round=15)
    rows = Xc[:20].copy()
    rows[3, 0] = np.nan
    rows[4, 1] = np.nan
    rows[5, 0] = 9  # a code never seen in training
    rows[6, 1] = 7
    write_case("categorical", b, rows, {**params, "num_boost_round": 15}, 1, feature_types=types)


if __name__ == "__main__":
    main()
