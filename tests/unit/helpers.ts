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
