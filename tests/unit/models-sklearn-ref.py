"""Writes models-sklearn-ref.json: scikit-learn 1.2 reference values for the dense-model and
metric suites (models-*.test.ts, metrics-*.test.ts). Run with Debian's python3 (numpy 1.24,
scikit-learn 1.2.1):  /usr/bin/python3 tests/unit/models-sklearn-ref.py

Datasets and folds follow anchors.json's protocol (StratifiedKFold / KFold, shuffle, seed 42);
the preprocessing is median imputation then StandardScaler fitted on the training fold, except
GaussianNB which sees the raw numbers (it is scale-invariant up to var_smoothing)."""
import json
import os

import csv

import numpy as np
import sklearn
from sklearn import metrics as M
from sklearn.impute import SimpleImputer
from sklearn.linear_model import ElasticNet, LogisticRegression, Ridge
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.preprocessing import LabelEncoder, StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "shared", "datasets")


def load(name):
    meta = json.load(open(os.path.join(DATA, name + ".json")))
    # These four files are numeric-only and unquoted, so the csv module reads them as pandas would.
    with open(os.path.join(DATA, name + ".csv"), newline="") as f:
        header, *rows = list(csv.reader(f))
    t = header.index(meta["target"])
    X = np.array([[float(v) if v != "" else np.nan for i, v in enumerate(r) if i != t] for r in rows])
    y = np.array([r[t] for r in rows])
    if meta["task"] != "regression":
        y = LabelEncoder().fit_transform(y)
        cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
    else:
        y = y.astype(float)
        cv = KFold(n_splits=5, shuffle=True, random_state=42)
    return X, y, list(cv.split(X, y)), meta["task"]


def prep(Xtr, Xte, scale):
    imp = SimpleImputer(strategy="median").fit(Xtr)
    Xtr, Xte = imp.transform(Xtr), imp.transform(Xte)
    if scale:
        sc = StandardScaler().fit(Xtr)
        Xtr, Xte = sc.transform(Xtr), sc.transform(Xte)
    return Xtr, Xte


def clipped(proba):
    """The anchors' clipping (sklearn 1.2's log_loss would clip at float eps, 2.2e-16, instead)."""
    p = np.clip(proba, 1e-15, 1 - 1e-15)
    return p / p.sum(1, keepdims=True)


def clf_scores(y, proba):
    pred = proba.argmax(1)
    return {"accuracy": M.accuracy_score(y, pred), "log_loss": M.log_loss(y, clipped(proba), labels=range(proba.shape[1]))}


def cv_models(name, makers, scale):
    X, y, folds, task = load(name)
    out = {}
    for label, make in makers.items():
        per = []
        for tr, te in folds:
            Xtr, Xte = prep(X[tr], X[te], scale and label != "GaussianNB")
            m = make().fit(Xtr, y[tr])
            if task == "regression":
                p = m.predict(Xte)
                per.append({"r2": M.r2_score(y[te], p), "mae": M.mean_absolute_error(y[te], p), "first": p[:3].tolist()})
            else:
                proba = m.predict_proba(Xte)
                s = clf_scores(y[te], proba)
                s["first"] = proba[:3].ravel().tolist()
                per.append(s)
        out[label] = per
    return out


class NewtonLogistic:
    """LogisticRegression(C=1)'s objective (L2 on the weights, intercepts free; binary: one
    vector, multiclass: softmax) minimised by full Newton steps to machine precision. sklearn's
    lbfgs also stops on a relative objective change of 64 eps, which leaves ~1e-6 in the
    probabilities; its newton-cg does not reach 1e-10 either. Checked against sklearn's lbfgs
    solution in `main` (max probability difference printed)."""

    def fit(self, X, y, C=1.0):
        n, p = X.shape
        K = y.max() + 1
        self.binary = K == 2
        out = 1 if self.binary else K
        Xb = np.hstack([X, np.ones((n, 1))])
        T = np.eye(K)[y]
        theta = np.zeros((out, p + 1))
        pen = np.ones(p + 1) / C
        pen[-1] = 0
        for _ in range(100):
            Pm = self._proba(Xb, theta)
            if self.binary:
                r = Pm[:, 1] - y
                grad = (Xb.T @ r + pen * theta[0])[None, :]
                H = Xb.T @ (Xb * (Pm[:, 1] * Pm[:, 0])[:, None]) + np.diag(pen)
            else:
                grad = (Pm - T).T @ Xb + pen * theta
                H = np.zeros((out * (p + 1), out * (p + 1)))
                for a in range(K):
                    for b in range(K):
                        w = Pm[:, a] * ((a == b) - Pm[:, b])
                        H[a * (p + 1):(a + 1) * (p + 1), b * (p + 1):(b + 1) * (p + 1)] = Xb.T @ (Xb * w[:, None])
                H += np.diag(np.tile(pen, K))
            step = np.linalg.lstsq(H, grad.ravel(), rcond=None)[0]  # H is singular along a common intercept shift
            theta = theta - step.reshape(theta.shape)
            if np.abs(grad).max() < 1e-11:
                break
        self.theta = theta
        self.gradmax = float(np.abs(grad).max())
        return self

    def _proba(self, Xb, theta):
        z = Xb @ theta.T
        if self.binary:
            p1 = 1 / (1 + np.exp(-z[:, 0]))
            return np.column_stack([1 - p1, p1])
        z = z - z.max(1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(1, keepdims=True)

    def predict_proba(self, X):
        return self._proba(np.hstack([X, np.ones((len(X), 1))]), self.theta)


def metric_cases():
    rng = np.random.RandomState(7)
    cases = []
    for K, n in [(2, 40), (2, 25), (3, 60), (4, 50)]:
        y = rng.randint(0, K, n)
        raw = rng.rand(n, K) + np.eye(K)[y] * rng.rand(n, 1)
        proba = raw / raw.sum(1, keepdims=True)
        pred = proba.argmax(1)
        avg = "binary" if K == 2 else "macro"
        cases.append({
            "K": K, "y": y.tolist(), "proba": proba.ravel().tolist(),
            "accuracy": M.accuracy_score(y, pred),
            "auc": M.roc_auc_score(y, proba[:, 1]) if K == 2 else M.roc_auc_score(y, proba, multi_class="ovr", average="macro"),
            "recall": M.recall_score(y, pred, average=avg, zero_division=0),
            "precision": M.precision_score(y, pred, average=avg, zero_division=0),
            "f1": M.f1_score(y, pred, average=avg, zero_division=0),
            "kappa": M.cohen_kappa_score(y, pred),
            "mcc": M.matthews_corrcoef(y, pred),
            "logloss": M.log_loss(y, clipped(proba)),
        })
    reg = []
    for n in [30, 17]:
        y = rng.rand(n) * 10
        p = y + rng.randn(n)
        p = np.maximum(p, 0)
        reg.append({
            "y": y.tolist(), "p": p.tolist(),
            "mae": M.mean_absolute_error(y, p), "mse": M.mean_squared_error(y, p),
            "rmse": M.mean_squared_error(y, p, squared=False), "r2": M.r2_score(y, p),
            "rmsle": float(np.sqrt(M.mean_squared_log_error(y, p))),
            "mape": M.mean_absolute_percentage_error(y, p),
        })
    return {"classification": cases, "regression": reg}


def main():
    ref = {"sklearn": sklearn.__version__, "numpy": np.__version__, "metrics": metric_cases(), "models": {}}
    for name in ["breast_cancer", "iris", "wine"]:
        ref["models"][name] = cv_models(name, {
            "LogisticRegression(Newton)": NewtonLogistic,
            "LogisticRegression(C=0.1,l1_ratio=0.5)": lambda: LogisticRegression(
                penalty="elasticnet", solver="saga", C=0.1, l1_ratio=0.5, max_iter=200000, tol=1e-10),
            "KNeighbors(5,uniform)": lambda: KNeighborsClassifier(5, algorithm="brute"),
            "KNeighbors(7,distance)": lambda: KNeighborsClassifier(7, weights="distance", algorithm="brute"),
            "GaussianNB": lambda: GaussianNB(),
        }, scale=True)
    ref["models"]["diabetes"] = cv_diabetes()
    # How far sklearn's own lbfgs (the anchors' solver) is from the exact optimum.
    for name in ["breast_cancer", "iris", "wine"]:
        X, y, folds, _ = load(name)
        tr, te = folds[0]
        Xtr, Xte = prep(X[tr], X[te], True)
        a = LogisticRegression(max_iter=5000).fit(Xtr, y[tr]).predict_proba(Xte)
        nw = NewtonLogistic().fit(Xtr, y[tr])
        print(name, "fold 0: max |lbfgs - Newton| proba", np.abs(a - nw.predict_proba(Xte)).max(), "Newton grad", nw.gradmax)
    with open(os.path.join(HERE, "models-sklearn-ref.json"), "w") as f:
        json.dump(ref, f, indent=1)
        f.write("\n")


def cv_diabetes():
    """Ridge(alpha) with l1Ratio > 0 is ElasticNet(alpha / n_train, l1_ratio) in our scaling."""
    X, y, folds, _ = load("diabetes")
    out = {"ElasticNet(alpha=1,l1Ratio=0.5)": [], "KNeighbors(5,uniform)": [], "KNeighbors(7,distance)": []}
    for tr, te in folds:
        Xtr, Xte = prep(X[tr], X[te], True)
        models = {
            "ElasticNet(alpha=1,l1Ratio=0.5)": ElasticNet(alpha=1 / len(tr), l1_ratio=0.5, tol=1e-12, max_iter=1000000),
            "KNeighbors(5,uniform)": KNeighborsRegressor(5, algorithm="brute"),
            "KNeighbors(7,distance)": KNeighborsRegressor(7, weights="distance", algorithm="brute"),
        }
        for label, m in models.items():
            p = m.fit(Xtr, y[tr]).predict(Xte)
            out[label].append({"r2": M.r2_score(y[te], p), "mae": M.mean_absolute_error(y[te], p), "first": p[:3].tolist()})
    return out


if __name__ == "__main__":
    main()
