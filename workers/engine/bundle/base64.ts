/**
 * Typed arrays ⇄ base64 of their little-endian bytes: how every model bundle stores numeric
 * arrays (DESIGN.md "Model bundle"). Canonical base64 only; decoding rejects anything else.
 */

export type ArrayKind = 'f64' | 'i32' | 'u32' | 'u8';
export const SIZE: Record<ArrayKind, number> = { f64: 8, i32: 4, u32: 4, u8: 1 };

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_INDEX[B64.charCodeAt(i)] = i;

export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i];
    const b = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2] : 0;
    const n = (a << 16) | (b << 8) | c;
    chunk +=
      B64[n >>> 18] +
      B64[(n >>> 12) & 63] +
      (i + 1 < bytes.length ? B64[(n >>> 6) & 63] : '=') +
      (i + 2 < bytes.length ? B64[n & 63] : '=');
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

/** Decoded bytes, or null when `s` is not canonical base64. */
export function fromBase64(s: string): Uint8Array | null {
  if (s.length % 4 !== 0) return null;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const ch = s.charCodeAt(i + j);
      let v = ch < 128 ? B64_INDEX[ch] : -1;
      if (ch === 61 && i + 4 === s.length && j >= 4 - pad) v = 0; // '=' padding
      if (v < 0) return null;
      n = (n << 6) | v;
    }
    out[o++] = n >>> 16;
    if (o < out.length) out[o++] = (n >>> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

export function toBytes(
  a: Float64Array | Int32Array | Uint32Array | Uint8Array,
  kind: ArrayKind
): Uint8Array {
  const bytes = new Uint8Array(a.length * SIZE[kind]);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < a.length; i++) {
    if (kind === 'f64') view.setFloat64(8 * i, a[i], true);
    else if (kind === 'i32') view.setInt32(4 * i, a[i], true);
    else if (kind === 'u32') view.setUint32(4 * i, a[i], true);
    else bytes[i] = a[i];
  }
  return bytes;
}

export function fromBytes(
  bytes: Uint8Array,
  kind: ArrayKind
): Float64Array | Int32Array | Uint32Array | Uint8Array {
  const n = bytes.length / SIZE[kind];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (kind === 'u8') return bytes.slice();
  const out =
    kind === 'f64' ? new Float64Array(n) : kind === 'i32' ? new Int32Array(n) : new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    out[i] =
      kind === 'f64'
        ? view.getFloat64(8 * i, true)
        : kind === 'i32'
          ? view.getInt32(4 * i, true)
          : view.getUint32(4 * i, true);
  }
  return out;
}

/** base64 of a Float64Array's little-endian bytes. */
export function encodeF64(a: Float64Array): string {
  return toBase64(toBytes(a, 'f64'));
}

/** base64 of an Int32Array's little-endian bytes. */
export function encodeI32(a: Int32Array): string {
  return toBase64(toBytes(a, 'i32'));
}

/** The Float64Array in `s`, or null when `s` is not base64 of float64 values. */
export function decodeF64(s: unknown): Float64Array | null {
  const bytes = typeof s === 'string' ? fromBase64(s) : null;
  return bytes && bytes.length % 8 === 0 ? (fromBytes(bytes, 'f64') as Float64Array) : null;
}

/** The Int32Array in `s`, or null when `s` is not base64 of int32 values. */
export function decodeI32(s: unknown): Int32Array | null {
  const bytes = typeof s === 'string' ? fromBase64(s) : null;
  return bytes && bytes.length % 4 === 0 ? (fromBytes(bytes, 'i32') as Int32Array) : null;
}
