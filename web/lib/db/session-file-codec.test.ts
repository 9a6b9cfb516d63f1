// Guards the session file's tagged JSON and ZIP helpers: every value structured clone keeps in
// our records comes back from encodeTagged → JSON → decodeTagged with the same type and the same
// bytes; records with `$` keys are never mistaken for tags; a "__proto__" key stays data; cycles,
// functions and malformed tags are TaggedJsonError; compressed files are stored, text deflated.
import { describe, expect, it } from 'vitest';
import { decodeTagged, encodeTagged, TaggedJsonError } from './session-file-codec';
import { isZip, levelFor } from './session-file-zip';

function roundTrip(v: unknown): { out: unknown; json: string; blobs: Blob[] } {
  const blobs: Blob[] = [];
  const json = JSON.stringify(encodeTagged(v, blobs));
  return { out: decodeTagged(JSON.parse(json), (i) => blobs[i]), json, blobs };
}

describe('encodeTagged() / decodeTagged()', () => {
  it('keeps every typed array kind, ArrayBuffer and DataView byte for byte', () => {
    const values = {
      i8: new Int8Array([-128, 0, 127]),
      u8: new Uint8Array([0, 255]),
      u8c: new Uint8ClampedArray([0, 255]),
      i16: new Int16Array([-32768, 32767]),
      u16: new Uint16Array([65535]),
      i32: new Int32Array([-2147483648, 2147483647]),
      u32: new Uint32Array([4294967295]),
      f32: new Float32Array([NaN, -0, Infinity, 1.5]),
      f64: new Float64Array([NaN, -0, -Infinity, Number.MIN_VALUE, Number.MAX_VALUE]),
      i64: new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n]),
      u64: new BigUint64Array([2n ** 64n - 1n]),
      buf: new Uint8Array([1, 2, 3]).buffer,
      dv: new DataView(new Uint8Array([9, 8]).buffer),
      // A view into the middle of a bigger buffer: only its own bytes travel.
      sub: new Float64Array([1, 2, 3, 4]).subarray(1, 3)
    };
    const { out, json } = roundTrip(values);
    const o = out as Record<string, ArrayBufferView | ArrayBuffer>;
    for (const [k, v] of Object.entries(values)) {
      const got = o[k];
      expect(Object.prototype.toString.call(got)).toBe(Object.prototype.toString.call(v));
      const bytes = (x: ArrayBufferView | ArrayBuffer) =>
        Array.from(
          ArrayBuffer.isView(x)
            ? new Uint8Array(x.buffer, x.byteOffset, x.byteLength)
            : new Uint8Array(x)
        );
      expect(bytes(got)).toEqual(bytes(v));
    }
    expect(Array.from(o.sub as Float64Array)).toEqual([2, 3]);
    // [1, 2, 3] → base64 "AQID" (RFC 4648 by hand).
    expect(json).toContain('{"$typed":"ArrayBuffer","base64":"AQID"}');
  });

  it('keeps NaN, ±Infinity, -0, undefined, bigint, Date, Map and Set', () => {
    const v = {
      n: [NaN, Infinity, -Infinity, -0, 0, 1.25],
      u: undefined,
      arr: [undefined, null],
      big: 12345678901234567890n,
      d: new Date(1_700_000_000_123),
      bad: new Date(NaN),
      m: new Map<unknown, unknown>([
        ['a', 1],
        [2, new Float64Array([NaN])]
      ]),
      s: new Set(['x', NaN])
    };
    const { out } = roundTrip(v);
    const o = out as typeof v;
    expect(o.n.map((x) => (Object.is(x, -0) ? '-0' : String(x)))).toEqual([
      'NaN',
      'Infinity',
      '-Infinity',
      '-0',
      '0',
      '1.25'
    ]);
    expect('u' in o && o.u === undefined).toBe(true);
    expect(o.arr).toEqual([undefined, null]);
    expect(o.big).toBe(12345678901234567890n);
    expect(o.d.getTime()).toBe(1_700_000_000_123);
    expect(Number.isNaN(o.bad.getTime())).toBe(true);
    expect(o.m).toEqual(v.m);
    expect(o.s).toEqual(v.s);
  });

  it('puts Blobs (and File name / lastModified) in the side list, in order', async () => {
    const a = new Blob(['abc'], { type: 'text/csv' });
    const f = new File(['xyz'], 'x.csv', { type: 'text/csv', lastModified: 42 });
    const { out, blobs, json } = roundTrip({ a, list: [f] });
    expect(blobs).toEqual([a, f]);
    expect(json).toBe(
      '{"a":{"$blob":0,"type":"text/csv"},"list":[{"$blob":1,"type":"text/csv","name":"x.csv","lastModified":42}]}'
    );
    const o = out as { a: Blob; list: File[] };
    expect(await o.a.text()).toBe('abc');
    expect(o.list[0]).toBeInstanceOf(File);
    expect([
      o.list[0].name,
      o.list[0].lastModified,
      o.list[0].type,
      await o.list[0].text()
    ]).toEqual(['x.csv', 42, 'text/csv', 'xyz']);
  });

  it('wraps objects with $ keys so they are never read as tags', () => {
    const v = { $typed: 'Float64Array', base64: 'AAAA', inner: { $num: 'NaN' }, $obj: 1 };
    const { out, json } = roundTrip(v);
    expect(out).toEqual(v);
    expect(JSON.parse(json)).toEqual({
      $obj: { $typed: 'Float64Array', base64: 'AAAA', inner: { $obj: { $num: 'NaN' } }, $obj: 1 }
    });
  });

  it('keeps a "__proto__" key as data, never as a prototype', () => {
    const out = decodeTagged(
      JSON.parse('{"__proto__":{"polluted":true},"a":1}'),
      () => new Blob()
    ) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('throws TaggedJsonError on a cycle, a function and malformed tags', () => {
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    expect(() => encodeTagged(cyc, [])).toThrow(TaggedJsonError);
    expect(() => encodeTagged({ f: () => 1 }, [])).toThrow(TaggedJsonError);
    // The same object twice (not a cycle) is fine.
    const shared = { x: 1 };
    expect(encodeTagged([shared, shared], [])).toEqual([{ x: 1 }, { x: 1 }]);
    const bad = [
      { $typed: 'Float64Array', base64: 'AAAA' }, // 3 bytes: not a whole float64
      { $typed: 'Evil', base64: 'AAAA' },
      { $typed: 'Uint8Array', base64: '@@@@' },
      { $num: 'forty' },
      { $bigint: '1e3' },
      { $blob: -1 },
      { $map: [[1]] },
      { $unknown: 1 }
    ];
    for (const b of bad) expect(() => decodeTagged(b, () => new Blob())).toThrow(TaggedJsonError);
  });
});

describe('levelFor() / isZip()', () => {
  it('stores files that are compressed already and deflates text', () => {
    expect(levelFor('a.parquet')).toBe(0);
    expect(levelFor('Book.XLSX')).toBe(0);
    expect(levelFor('', 'image/png')).toBe(0);
    expect(levelFor('a.csv', 'text/csv')).toBe(1);
    expect(levelFor('a.json')).toBe(1);
  });

  it('recognises the ZIP signatures PK\\3\\4 and PK\\5\\6 only', () => {
    expect(isZip(new Uint8Array([0x50, 0x4b, 3, 4, 0]))).toBe(true);
    expect(isZip(new Uint8Array([0x50, 0x4b, 5, 6]))).toBe(true);
    expect(isZip(new Uint8Array([0x50, 0x4b, 7, 8]))).toBe(false);
    expect(isZip(new Uint8Array([0x50, 0x4b]))).toBe(false);
  });
});
