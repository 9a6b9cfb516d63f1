/**
 * One writer for BENCHMARKS.md sections, shared by every bench script: a section is the text
 * between `<!-- bench:<key>:begin (written by <by>) -->` and `<!-- bench:<key>:end -->`; it is
 * replaced in place, or appended when the file does not have it yet.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../BENCHMARKS.md');

/**
 * @param {string} key e.g. 'issue-5' or 'issue-6-treeshap'
 * @param {string} title the section's heading (without '## ')
 * @param {string} md the section's body
 * @param {string} by the command that writes it, e.g. 'npm run bench:automl'
 */
export function updateBenchmarksSection(key, title, md, by) {
  const begin = `<!-- bench:${key}:begin (written by ${by}) -->`;
  const end = `<!-- bench:${key}:end -->`;
  const section = `${begin}\n## ${title}\n\n${md}${end}`;
  const old = existsSync(file)
    ? readFileSync(file, 'utf8')
    : "# Benchmarks\n\nNumbers measured by `npm run bench` on this repository's machines.\n";
  const i = old.indexOf(`<!-- bench:${key}:begin`);
  const j = old.indexOf(end);
  writeFileSync(
    file,
    i >= 0 && j > i
      ? old.slice(0, i) + section + old.slice(j + end.length)
      : `${old.trimEnd()}\n\n${section}\n`
  );
}
