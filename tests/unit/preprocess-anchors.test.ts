// Guards the 'dense' pipeline against the anchors' preprocessing (anchors.json cv_protocol): the
// shared datasets loaded through DuckDB → frameFromArrow → encodeTarget → fitPipeline on each of
// scikit-learn's training folds give exactly `n_features_encoded` design columns, with the
// imputation + StandardScaler numbers of that fold.
import { describe, expect, test } from 'vitest';
import { loadTable } from '../../workers/engine/index';
import { encodeTarget, frameFromArrow } from '../../workers/engine/frame/index';
import type { Frame, FrameNumericColumn } from '../../workers/engine/frame/index';
import { anchorPreprocessing, fitPipeline } from '../../workers/engine/preprocess/index';
import { anchors, sklearnFolds } from './gbdt-data';
import { datasetsDir, readBytes, runner } from './helpers';

async function loadFrame(name: string): Promise<Frame> {
  const db = await runner();
  await loadTable(db, readBytes(`${datasetsDir}/${name}.csv`), {
    fileName: `${name}.csv`,
    tableName: name
  });
  return frameFromArrow(await db.query(`SELECT * FROM "${name}"`));
}

const trainOf = (fold: Int32Array, f: number) =>
  Uint32Array.from(Array.from(fold.keys()).filter((i) => fold[i] !== f));

describe.each(['titanic_survival', 'penguins', 'seattle_weather'])(
  '%s with the anchors preprocessing',
  (name) => {
    test('every training fold gives n_features_encoded columns; numerics = median-imputed, standardised', async () => {
      // gbdt-data.ts's Anchor type leaves out n_features_encoded (anchors.json has it).
      const a = anchors[name] as (typeof anchors)[string] & { n_features_encoded: number };
      const frame = await loadFrame(name);
      const target = encodeTarget(frame, a.target, a.task);
      expect(target.classes).toEqual(a.classes);
      const fold = sklearnFolds(target.y, true);
      expect([0, 1, 2, 3, 4].map((f) => fold.filter((x) => x === f).length)).toEqual(
        a.fold_test_sizes
      );
      const idColumns = name === 'titanic_survival' ? ['name'] : [];
      for (let f = 0; f < 5; f++) {
        const rows = trainOf(fold, f);
        const { train, pipeline } = fitPipeline(frame, rows, target, {
          ...anchorPreprocessing(true),
          exclude: idColumns
        });
        expect(train.columns.length).toBe(a.n_features_encoded);
        expect(train.nRows).toBe(rows.length);
        // Every raw column but the target and the id columns is read (seattle's date once, as 3 parts).
        expect(pipeline.inputSchema.length).toBe(frame.columns.length - 1 - idColumns.length);
        for (const feature of a.numeric_features.filter((n) =>
          frame.columns.some((c) => c.name === n)
        )) {
          // SimpleImputer(median) then StandardScaler, re-derived here from the raw fold values.
          const raw = (frame.columns.find((c) => c.name === feature) as FrameNumericColumn).values;
          const present = Array.from(rows, (r) => raw[r])
            .filter((v) => !Number.isNaN(v))
            .sort((p, q) => p - q);
          const h = present.length >> 1;
          const med = present.length % 2 ? present[h] : (present[h - 1] + present[h]) / 2;
          const filled = Array.from(rows, (r) => (Number.isNaN(raw[r]) ? med : raw[r]));
          const mean = filled.reduce((s, v) => s + v, 0) / filled.length;
          const sd = Math.sqrt(filled.reduce((s, v) => s + (v - mean) ** 2, 0) / filled.length);
          const got = train.columns[train.names.indexOf(feature)];
          for (let i = 0; i < rows.length; i += 37)
            expect(got[i]).toBeCloseTo((filled[i] - mean) / sd, 10);
        }
      }
    });
  }
);

test('titanic_survival with AutoML defaults: the passenger name is dropped as ID-like, the rest kept', async () => {
  const frame = await loadFrame('titanic_survival');
  const target = encodeTarget(frame, 'survived', 'binary');
  const rows = Uint32Array.from({ length: frame.nRows }, (_, i) => i);
  const { pipeline } = fitPipeline(frame, rows, target, { flavour: 'dense', scale: true });
  expect(pipeline.dropped).toEqual([
    { name: 'name', reason: 'idLike' },
    { name: 'survived', reason: 'target' }
  ]);
  expect(pipeline.names).toEqual([
    'sex=female',
    'sex=male',
    'age',
    'age_missing',
    'passengerClass=1st',
    'passengerClass=2nd',
    'passengerClass=3rd'
  ]);
  const tree = fitPipeline(frame, rows, target, { flavour: 'tree' }).pipeline;
  expect(tree.names).toEqual(['sex', 'age', 'passengerClass']);
  expect(tree.kinds).toEqual(['categorical', 'numeric', 'categorical']);
});
