// Guards the report worker's implementation in Node: render() gives a self-contained HTML file
// (no <script>, no URL), Markdown with tables and a real PDF (%PDF-, pdftotext-free checks) from a
// ReportInput built by the real engine (loadTable + runEda on the report tests' hostile CSV); the
// PDF fonts are loaded once for many renders and from the app's origin only; every failure is
// AppError REPORT_FAILED naming the requested format (never a file in another format).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { AppError } from '../engine/errors';
import type { PdfFonts, ReportInput } from '../engine/report/index';
import { fullInput, hostileSession, XSS } from '../../tests/unit/report-fixtures';
import { repoRoot } from '../../tests/unit/helpers';
import { createReportApi, fetchFonts } from './report-api-impl';
import type { FontUrls, RenderedReport } from './report-api';

const fontFile = (f: string) =>
  new Uint8Array(readFileSync(path.join(repoRoot, 'static/fonts', f)));
const FONTS: PdfFonts = {
  regular: fontFile('DejaVuSans.ttf'),
  bold: fontFile('DejaVuSans-Bold.ttf')
};
const URLS: FontUrls = {
  regular: 'http://127.0.0.1:1/fonts/DejaVuSans.ttf',
  bold: 'http://127.0.0.1:1/fonts/DejaVuSans-Bold.ttf'
};
const identity = (r: RenderedReport) => r;
const text = (r: RenderedReport) => new TextDecoder().decode(r.bytes);

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

let input: ReportInput;
beforeAll(async () => {
  input = { ...fullInput(await hostileSession()), generatedAt: '2026-01-01T00:00:00Z' };
}, 60_000);

describe('createReportApi().render', () => {
  it('render(html) is one self-contained file: no <script, no http(s) URL, the XSS name as text', async () => {
    const api = createReportApi({ transferResult: identity });
    const r = await api.render(input, { lang: 'en' }, 'html');
    const html = text(r);
    expect(r.mime).toBe('text/html;charset=utf-8');
    expect(r.fileExtension).toBe('html');
    expect(html.startsWith('<!doctype html>') || html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toContain(XSS);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // The fixture bundle's leaderboard numbers (fakeBundle: gbdt 0.8125, logistic 0.7419).
    expect(html).toContain('0.8125');
    expect(html).toContain('0.7419');
    expect(r.ms.build).toBeGreaterThanOrEqual(0);
    expect(r.ms.render).toBeGreaterThanOrEqual(0);
  });

  it('render(md) gives GFM tables and the Polish section titles by default', async () => {
    const api = createReportApi({ transferResult: identity });
    const r = await api.render(input, {}, 'md');
    const md = text(r);
    expect(r.mime).toBe('text/markdown;charset=utf-8');
    expect(r.fileExtension).toBe('md');
    expect(md).toContain('Przegląd danych');
    expect(md).toMatch(/^\|( ?-+:? ?\|)+$/m);
    expect(md).not.toContain(XSS);
  });

  it('render(pdf) twice: %PDF- both times, the font loader called once with the set URLs', async () => {
    const loadFonts = vi.fn(async () => FONTS);
    const api = createReportApi({ loadFonts, transferResult: identity });
    await api.setFontUrls(URLS);
    const a = await api.render(input, { lang: 'pl', author: 'Łucja Żółć' }, 'pdf');
    const b = await api.render(input, { lang: 'en' }, 'pdf');
    for (const r of [a, b]) {
      expect(new TextDecoder('latin1').decode(r.bytes.subarray(0, 5))).toBe('%PDF-');
      expect(r.mime).toBe('application/pdf');
      expect(r.fileExtension).toBe('pdf');
    }
    expect(loadFonts).toHaveBeenCalledTimes(1);
    expect(loadFonts).toHaveBeenCalledWith(URLS);
  }, 60_000);

  it('render(pdf) with a failing font load rejects REPORT_FAILED (PDF), and the next render loads again', async () => {
    let fail = true;
    const loadFonts = vi.fn(async () => {
      if (fail) throw new Error('HTTP 404');
      return FONTS;
    });
    const api = createReportApi({ loadFonts, transferResult: identity });
    await api.setFontUrls(URLS);
    const e = await rejection(api.render(input, {}, 'pdf'));
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe('REPORT_FAILED');
    expect(e.details.format).toBe('PDF');
    fail = false;
    const ok = await api.render(input, {}, 'pdf');
    expect(new TextDecoder('latin1').decode(ok.bytes.subarray(0, 5))).toBe('%PDF-');
    expect(loadFonts).toHaveBeenCalledTimes(2);
  }, 60_000);

  it('render(pdf) before setFontUrls rejects REPORT_FAILED, without calling the loader', async () => {
    const loadFonts = vi.fn(async () => FONTS);
    const api = createReportApi({ loadFonts, transferResult: identity });
    const e = await rejection(api.render(input, {}, 'pdf'));
    expect(e.code).toBe('REPORT_FAILED');
    expect(loadFonts).not.toHaveBeenCalled();
  });

  it('render() with a bad language or an unknown format rejects REPORT_FAILED (cause kept as a code)', async () => {
    const api = createReportApi({ transferResult: identity });
    const bad = await rejection(api.render(input, { lang: 'de' as 'pl' }, 'html'));
    expect(bad.code).toBe('REPORT_FAILED');
    expect(bad.details.causeCode).toBe('REPORT_OPTION');
    expect(bad.messages.en).toContain('"de"');
    const fmt = await rejection(api.render(input, {}, 'docx' as 'html'));
    expect(fmt.code).toBe('REPORT_FAILED');
    expect(fmt.details.format).toBe('docx');
  });

  it('render() with a broken input (no dataset) rejects REPORT_FAILED, not a TypeError', async () => {
    const api = createReportApi({ transferResult: identity });
    const e = await rejection(api.render({} as ReportInput, {}, 'md'));
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe('REPORT_FAILED');
  });

  it('the default result marks the bytes for transfer (comlink) and keeps them intact', async () => {
    const api = createReportApi();
    const r = await api.render(input, {}, 'md');
    expect(text(r)).toContain('Przegląd danych');
  });
});

describe('font URLs', () => {
  it('setFontUrls() refuses a URL off the page origin when there is one (REPORT_FAILED)', async () => {
    vi.stubGlobal('location', { origin: 'http://127.0.0.1:4173', href: 'http://127.0.0.1:4173/' });
    try {
      const api = createReportApi({ transferResult: identity });
      const e = await rejection(
        api.setFontUrls({ regular: 'https://cdn.example.com/DejaVuSans.ttf', bold: URLS.bold })
      );
      expect(e.code).toBe('REPORT_FAILED');
      await expect(
        api.setFontUrls({
          regular: 'http://127.0.0.1:4173/base/fonts/DejaVuSans.ttf',
          bold: 'http://127.0.0.1:4173/base/fonts/DejaVuSans-Bold.ttf'
        })
      ).resolves.toBeUndefined();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  describe('fetchFonts (the worker default) over a local HTTP server', () => {
    let server: Server;
    let base = '';
    beforeAll(async () => {
      server = createServer((req, res) => {
        const name = path.basename(req.url ?? '');
        if (req.url?.startsWith('/fonts/') && name.endsWith('.ttf')) {
          res.writeHead(200, { 'content-type': 'font/ttf' });
          res.end(readFileSync(path.join(repoRoot, 'static/fonts', name)));
        } else {
          res.writeHead(404);
          res.end();
        }
      });
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

    it('returns the two files byte for byte', async () => {
      const f = await fetchFonts({
        regular: `${base}/fonts/DejaVuSans.ttf`,
        bold: `${base}/fonts/DejaVuSans-Bold.ttf`
      });
      expect(Buffer.from(f.regular).equals(Buffer.from(FONTS.regular))).toBe(true);
      expect(Buffer.from(f.bold).equals(Buffer.from(FONTS.bold))).toBe(true);
    });

    it('a 404 makes the PDF render reject REPORT_FAILED', async () => {
      const api = createReportApi({ transferResult: identity });
      await api.setFontUrls({ regular: `${base}/missing.ttf`, bold: `${base}/missing.ttf` });
      const e = await rejection(api.render(input, {}, 'pdf'));
      expect(e.code).toBe('REPORT_FAILED');
    });
  });
});
