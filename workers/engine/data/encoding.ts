/**
 * Text encoding of CSV/TSV files. DuckDB reads UTF-8 only, so the loader decides the encoding in
 * JS and hands DuckDB UTF-8 bytes. Polish data comes as UTF-8 (with or without BOM), Windows-1250
 * (Excel "CSV" on Polish Windows) or ISO-8859-2 (older Unix exports); the two single-byte code
 * pages differ exactly in where they put ś ź ą Ś Ź Ą, which is what the statistics below count.
 */
import type { TextEncoding } from './types';

export interface DecodedText {
  encoding: TextEncoding;
  hasBom: boolean;
  /** UTF-8 bytes without BOM: the original bytes (no copy) when they already were UTF-8. */
  utf8: Uint8Array;
}

/** Positions of ś ź ą Ś Ź Ą in Windows-1250. */
const CP1250_ONLY = [0x9c, 0x9f, 0xb9, 0x8c, 0x8f, 0xa5];
/** The same letters' positions in ISO-8859-2: ś ź ą Ś Ź Ą. */
const ISO_ONLY = [0xb6, 0xbc, 0xb1, 0xa6, 0xac, 0xa1];

/**
 * Windows-1250 vs ISO-8859-2 by byte statistics: bytes 0x80–0x9F are C1 control characters in
 * ISO-8859-2 (never in real text) but letters and punctuation in cp1250; the six letters above
 * sit at different positions. Ties go to cp1250, the more common one on Polish desktops.
 */
export function guessSingleByte(bytes: Uint8Array): 'windows-1250' | 'iso-8859-2' {
  const counts = new Uint32Array(256);
  const end = Math.min(bytes.length, 1 << 20);
  for (let i = 0; i < end; i++) counts[bytes[i]]++;
  let c1 = 0;
  for (let b = 0x80; b <= 0x9f; b++) c1 += counts[b];
  let cp = 0;
  let iso = 0;
  for (const b of CP1250_ONLY) cp += counts[b];
  for (const b of ISO_ONLY) iso += counts[b];
  if (c1 > 0) return 'windows-1250';
  return iso > cp ? 'iso-8859-2' : 'windows-1250';
}

/**
 * Detects the encoding and returns UTF-8 bytes. `forced` (LoadOptions.encoding) skips detection.
 * Valid UTF-8 is checked with a fatal TextDecoder over the whole file (fast, native); only
 * single-byte files are re-encoded, which costs one decode + encode.
 */
export function toUtf8(bytes: Uint8Array, forced?: TextEncoding): DecodedText {
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  if (forced === 'utf-8' || (!forced && isUtf8(body))) {
    return { encoding: 'utf-8', hasBom, utf8: body };
  }
  const encoding = forced ?? guessSingleByte(body);
  const text = new TextDecoder(encoding).decode(body);
  return { encoding, hasBom, utf8: new TextEncoder().encode(text) };
}

function isUtf8(bytes: Uint8Array): boolean {
  // Pure ASCII is the common case and needs no decoder at all.
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
