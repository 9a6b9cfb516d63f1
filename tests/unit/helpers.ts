// Shared helpers for the data-subsystem unit tests: paths, a Node DuckDB runner, byte helpers.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { createNodeRunner } from '../../workers/node/duckdb-runner';
import type { NodeRunner } from '../../workers/node/duckdb-runner';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const datasetsDir = path.resolve(repoRoot, '../shared/datasets');
export const fixturesDir = path.resolve(repoRoot, 'tests/fixtures');

export function readBytes(file: string): Uint8Array {
  const b = readFileSync(file);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

let shared: Promise<NodeRunner> | undefined;
/** One DuckDB instance per test file (each vitest fork is its own process). */
export function runner(): Promise<NodeRunner> {
  shared ??= createNodeRunner();
  return shared;
}

/** Runs `fn` and returns the error it throws (fails the test when nothing is thrown). */
export async function errorOf(fn: () => Promise<unknown>): Promise<{
  name: string;
  code: string;
  details: Record<string, unknown>;
  messages: { pl: string; en: string };
}> {
  try {
    await fn();
  } catch (e) {
    return e as never;
  }
  throw new Error('expected an error, none was thrown');
}

/**
 * A flights_delay-shaped CSV (the datasets README recipe's 7 columns), seeded and synthetic,
 * about 21 MB at 1 M rows: for tests that need a big table without the benchmark data.
 */
export function syntheticFlightsCsv(rows: number): Uint8Array {
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const codes = Array.from({ length: 228 }, (_, i) =>
    String.fromCharCode(65 + (i % 26), 65 + (Math.floor(i / 26) % 26), 65 + ((i * 7) % 26))
  );
  const parts = ['month,day_of_week,hour,distance,origin,destination,delayed\n'];
  for (let i = 0; i < rows; i++) {
    parts.push(
      `${1 + Math.floor(i / 170000)},${1 + (i % 7)},${Math.floor(i / 60) % 24},${100 + Math.floor(rnd() * 2500)},${codes[Math.floor(rnd() * 228)]},${codes[Math.floor(rnd() * 228)]},${rnd() < 0.2 ? 1 : 0}\n`
    );
  }
  return utf8(parts.join(''));
}
