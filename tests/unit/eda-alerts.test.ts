// Guards runEda's alerts: each code fires on a purpose-built fixture naming the right column,
// and the data-quality alerts stay silent on a clean table (iris), whose duplicate-row count is
// checked against the CSV itself rather than assumed.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadTable, runEda } from '../../workers/engine/index';
import type { EdaOptions, EdaResults } from '../../workers/engine/index';
import { datasetsDir, readBytes, runner, utf8 } from './helpers';

async function profileCsv(csv: string, opts: EdaOptions = {}): Promise<EdaResults> {
  const db = await runner();
  const info = await loadTable(db, utf8(csv), { fileName: 'fixture.csv' });
  return runEda(db, info, opts);
}

const codes = (r: EdaResults, column?: string) =>
  r.alerts.filter((a) => column === undefined || a.column === column).map((a) => a.code);

/** 100 rows: an id run, a constant, a skewed and a zero-heavy column, a correlated pair,
 * dates and numbers stored as text, a yes/no target and its copy. */
function messyCsv(): string {
  // Column names b/n/v clash with the engine's SQL aliases on purpose.
  const lines = ['id,const,skewed,zeros,a,b,when,mixed,y,leak,n,v'];
  for (let i = 1; i <= 100; i++) {
    const y = (i * 7) % 3 === 0 ? 'yes' : 'no';
    const day = String(1 + (i % 28)).padStart(2, '0');
    lines.push(
      [
        i,
        'x',
        i <= 95 ? 1 + (i % 3) : 1000 * i,
        i <= 70 ? 0 : i,
        i,
        2 * i + ((i * 13) % 5) / 10,
        // Two date formats in one column: DuckDB keeps it as text, the regex sees dates.
        i % 2 ? `2024-0${1 + (i % 9)}-${day}` : `${day}.0${1 + (i % 9)}.2024`,
        i % 5 < 3 ? String(i * 1.5) : `code${i % 4}`,
        y,
        y,
        i % 3,
        i % 2 ? '' : 'k'
      ].join(',')
    );
  }
  return lines.join('\n') + '\n';
}

describe('runEda() alerts', () => {
  test('runEda() on a messy table fires UNIQUE, CONSTANT, SKEWED, ZEROS, HIGH_CORRELATION, DATE_AS_TEXT, MIXED_TYPES, TARGET_LEAKAGE, HIGH_VIF', async () => {
    const r = await profileCsv(messyCsv(), { target: 'y' });
    expect(codes(r, 'id')).toContain('UNIQUE');
    expect(codes(r, 'const')).toContain('CONSTANT');
    expect(codes(r, 'skewed')).toContain('SKEWED');
    expect(codes(r, 'zeros')).toContain('ZEROS');
    expect(
      r.alerts.find((a) => a.code === 'HIGH_CORRELATION' && a.columns?.join() === 'a,b')
    ).toBeTruthy();
    expect(codes(r, 'when')).toContain('DATE_AS_TEXT');
    expect(codes(r, 'mixed')).toContain('MIXED_TYPES');
    const leak = r.alerts.find((a) => a.code === 'TARGET_LEAKAGE');
    expect(leak).toMatchObject({ column: 'leak', columns: ['leak', 'y'], severity: 'critical' });
    expect(codes(r)).toContain('HIGH_VIF');
    for (const a of r.alerts) {
      expect(a.message.pl && a.message.en && a.action.pl && a.action.en).toBeTruthy();
    }
    expect(codes(r, 'b')).not.toContain('UNIQUE'); // floats all distinct are not IDs
  });

  test('runEda() counts duplicate rows and fires DUPLICATE_ROWS; MISSING above 20 %', async () => {
    const rows = ['k,v,w'];
    for (let i = 0; i < 40; i++)
      rows.push(`${i % 30},${(i % 30) * 2},${i % 3 === 0 ? '' : i % 30}`);
    const r = await profileCsv(rows.join('\n') + '\n');
    expect(r.overview.duplicateRows).toBe(10);
    expect(r.alerts.find((a) => a.code === 'DUPLICATE_ROWS')?.value).toBe(10);
    expect(codes(r, 'w')).toContain('MISSING');
    expect(r.missing.rowsWithMissing).toBe(14);
  });

  test('runEda() flags leakage for a numeric 0/1 target and for a regression target copy', async () => {
    const bin = ['f,t,leak'];
    const reg = ['f,t,leak'];
    for (let i = 0; i < 60; i++) {
      const t = i % 4 === 0 ? 1 : 0;
      bin.push(`${(i * 37) % 11},${t},${t}`);
      reg.push(`${(i * 37) % 11},${i * 1.5},${i * 3 + 1}`);
    }
    const b = await profileCsv(bin.join('\n') + '\n', { target: 't' });
    expect(b.target?.problemType).toBe('binary');
    expect(b.alerts.filter((a) => a.code === 'TARGET_LEAKAGE').map((a) => a.column)).toEqual([
      'leak'
    ]);
    const g = await profileCsv(reg.join('\n') + '\n', { target: 't' });
    expect(g.target?.problemType).toBe('regression');
    expect(g.alerts.filter((a) => a.code === 'TARGET_LEAKAGE').map((a) => a.column)).toEqual([
      'leak'
    ]);
    expect(g.target?.features.find((f) => f.feature === 'leak')?.kind).toBe('binnedScatter');
  });

  test('runEda() on iris (target species) raises no data-quality alerts; DUPLICATE_ROWS only if the CSV repeats a line', async () => {
    const file = path.join(datasetsDir, 'iris.csv');
    const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
    const dups = lines.length - new Set(lines).size;
    const db = await runner();
    const info = await loadTable(db, readBytes(file), { fileName: 'iris.csv' });
    const r = await runEda(db, info, { target: 'species' });
    const quiet = [
      'CONSTANT',
      'MISSING',
      'ZEROS',
      'UNIQUE',
      'MIXED_TYPES',
      'DATE_AS_TEXT',
      'TARGET_LEAKAGE',
      'SKEWED',
      'IMBALANCE',
      'HIGH_CARDINALITY'
    ];
    expect(codes(r).filter((c) => quiet.includes(c))).toEqual([]);
    expect(r.overview.duplicateRows).toBe(dups);
    expect(codes(r).includes('DUPLICATE_ROWS')).toBe(dups > 0);
  });

  test('runEda() throws CancelledError when the signal is already aborted', async () => {
    const db = await runner();
    const info = await loadTable(db, utf8(messyCsv()), { fileName: 'x.csv' });
    await expect(runEda(db, info, {}, undefined, { aborted: true })).rejects.toMatchObject({
      code: 'CANCELLED'
    });
  });
});
