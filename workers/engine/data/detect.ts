/**
 * Format detection: magic bytes first (they cannot lie), then the file-name extension, then a
 * look at the text. Binary junk is refused here, before DuckDB ever sees it.
 */
import type { FileFormat } from './types';
import { unsupportedFormat } from './load-errors';

/** How many leading bytes the text checks look at. */
const PROBE_BYTES = 64 * 1024;

function startsWith(bytes: Uint8Array, sig: number[], at = 0): boolean {
  if (bytes.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[at + i] !== sig[i]) return false;
  return true;
}

const PAR1 = [0x50, 0x41, 0x52, 0x31];
const ARROW1 = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const CONTINUATION = [0xff, 0xff, 0xff, 0xff];

/** True when `needle` occurs (as ASCII) in `bytes`; used to spot xl/workbook.xml in a zip. */
function containsAscii(bytes: Uint8Array, needle: string): boolean {
  const n = needle.length;
  const first = needle.charCodeAt(0);
  outer: for (let i = 0; i + n <= bytes.length; i++) {
    if (bytes[i] !== first) continue;
    for (let j = 1; j < n; j++) if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    return true;
  }
  return false;
}

/** First byte that is not whitespace (after an optional UTF-8 BOM), or -1. */
function firstNonSpace(bytes: Uint8Array): number {
  let i = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  const end = Math.min(bytes.length, PROBE_BYTES);
  for (; i < end; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return b;
  }
  return -1;
}

/**
 * Share of control bytes (other than tab, CR, LF, and ESC-free form feeds) in the probe. Text in
 * any of our encodings has essentially none; random binary has about 10 %.
 */
function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, PROBE_BYTES);
  let control = 0;
  for (let i = 0; i < end; i++) {
    const b = bytes[i];
    if (b === 0) return true; // NUL never occurs in text files in our encodings
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return end > 0 && control / end > 0.01;
}

function extensionFormat(fileName: string): FileFormat | undefined {
  const m = /\.([a-z0-9]+)$/i.exec(fileName);
  switch (m?.[1].toLowerCase()) {
    case 'csv':
    case 'txt':
      return 'csv';
    case 'tsv':
    case 'tab':
      return 'tsv';
    case 'xlsx':
      return 'xlsx';
    case 'json':
      return 'json';
    case 'ndjson':
    case 'jsonl':
      return 'ndjson';
    case 'parquet':
      return 'parquet';
    case 'arrow':
    case 'feather':
    case 'ipc':
      return 'arrow';
    default:
      return undefined;
  }
}

/**
 * Detects the format of `bytes`. An explicit `format` wins. Returns 'csv' for any readable text
 * that is not JSON (the CSV sniffer later tells csv from tsv). Throws DataLoadError
 * UNSUPPORTED_FORMAT for binary data, old .xls, and zips that are not workbooks.
 */
export function detectFormat(bytes: Uint8Array, fileName: string, format?: FileFormat): FileFormat {
  if (format) return format;
  if (startsWith(bytes, PAR1)) return 'parquet';
  if (startsWith(bytes, ARROW1)) return 'arrow';
  // Arrow IPC stream: a message starts with the 0xFFFFFFFF continuation marker.
  if (startsWith(bytes, CONTINUATION)) return 'arrow';
  if (startsWith(bytes, ZIP)) {
    // Zip entry names are stored uncompressed in the local headers and the central directory.
    if (containsAscii(bytes, 'xl/workbook.xml')) return 'xlsx';
    throw unsupportedFormat(fileName, 'zip archive that is not an Excel workbook');
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw unsupportedFormat(fileName, 'legacy .xls workbook');
  }
  const ext = extensionFormat(fileName);
  if (ext === 'parquet' || ext === 'arrow' || ext === 'xlsx') {
    // The magic bytes did not match the extension: the file is damaged or mislabelled.
    if (looksBinary(bytes)) return ext;
  }
  if (looksBinary(bytes)) throw unsupportedFormat(fileName, 'binary data');
  const c = firstNonSpace(bytes);
  if (c === 0x5b /* [ */) return 'json';
  if (c === 0x7b /* { */) return ext === 'json' ? 'json' : 'ndjson';
  if (ext === 'json' || ext === 'ndjson') return ext;
  return ext === 'tsv' ? 'tsv' : 'csv';
}
