/**
 * renderPdf: the report as a PDF with jsPDF (+ jspdf-autotable for tables): real, selectable text
 * in DejaVu Sans (embedded, so Polish diacritics render and extract correctly), vector charts
 * (pdf-charts.ts), a table of contents with page numbers and PDF bookmarks on page 1, and
 * "Page i of n" on every page. The font bytes come from an injected loader, so the engine reads no
 * file and fetches nothing itself (Node reads static/fonts, the browser fetches it). Any failure is
 * an AppError REPORT_FAILED — never a silent fallback to another format.
 */
import type { jsPDF as JsPdf } from 'jspdf';
import { AppError } from '../errors';
import { stripControl } from './escape';
import { reportFailed } from './errors';
import { chartHeight, drawChart } from './pdf-charts';
import type { ReportBlock, ReportModel } from './types';

/** TrueType font files (DejaVu Sans regular and bold: static/fonts/). */
export interface PdfFonts {
  regular: Uint8Array;
  bold: Uint8Array;
}

export interface PdfOptions {
  /** The font bytes, or a function that loads them (called once per render). */
  fonts: PdfFonts | (() => Promise<PdfFonts>);
}

/** Files the loader should read, relative to the app's static root. */
export const PDF_FONT_FILES = {
  regular: 'fonts/DejaVuSans.ttf',
  bold: 'fonts/DejaVuSans-Bold.ttf'
} as const;

const PAGE_W = 210;
const PAGE_H = 297;
const MARGIN = 18;
const BOTTOM = PAGE_H - 16;
const TEXT_W = PAGE_W - 2 * MARGIN;

/** TrueType (0x00010000, 'true') or OpenType-with-TrueType outlines; CFF ('OTTO') is not supported by jsPDF. */
function isTrueType(b: Uint8Array): boolean {
  if (!(b instanceof Uint8Array) || b.length < 12) return false;
  const tag = (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
  return tag === 0x00010000 || tag === 0x74727565;
}

/**
 * The font as a binary string, the form jsPDF's virtual file system keeps (a TrueType header
 * tells it apart from base64, which it would otherwise decode again). Cached per byte array: the
 * same fonts serve every report of a session.
 */
const binaryCache = new WeakMap<Uint8Array, string>();
function binaryString(bytes: Uint8Array): string {
  let s = binaryCache.get(bytes);
  if (s === undefined) {
    const parts: string[] = [];
    for (let i = 0; i < bytes.length; i += 8192)
      parts.push(String.fromCharCode(...bytes.subarray(i, i + 8192)));
    s = parts.join('');
    binaryCache.set(bytes, s);
  }
  return s;
}

type AutoTable = (doc: JsPdf, options: Record<string, unknown>) => void;

interface Ctx {
  doc: JsPdf;
  autoTable: AutoTable;
  y: number;
}

/** Text for jsPDF: control characters dropped (they have no glyph and break extraction). */
function t(s: string): string {
  return stripControl(s).replace(/[\t\r\n]+/g, ' ');
}

function ensure(ctx: Ctx, h: number): void {
  if (ctx.y + h > BOTTOM) {
    ctx.doc.addPage();
    ctx.y = MARGIN;
  }
}

function paragraph(
  ctx: Ctx,
  text: string,
  size = 10,
  style: 'normal' | 'bold' = 'normal',
  indent = 0
): void {
  const { doc } = ctx;
  doc.setFont('DejaVu', style);
  doc.setFontSize(size);
  doc.setTextColor(29, 35, 48);
  const lines = doc.splitTextToSize(t(text), TEXT_W - indent) as string[];
  const lh = size * 0.3528 * 1.35;
  for (const line of lines) {
    ensure(ctx, lh);
    doc.text(line, MARGIN + indent, ctx.y + lh * 0.8);
    ctx.y += lh;
  }
  ctx.y += 1.5;
}

function table(
  ctx: Ctx,
  head: string[] | null,
  rows: string[][],
  numeric: boolean[],
  plain = false
): void {
  const cols = (head ?? rows[0] ?? []).length;
  const fontSize = cols > 8 ? 6.5 : cols > 5 ? 7.5 : 8.5;
  const columnStyles: Record<number, { halign: 'right' }> = {};
  numeric.forEach((n, i) => {
    if (n) columnStyles[i] = { halign: 'right' };
  });
  ctx.autoTable(ctx.doc, {
    startY: ctx.y,
    margin: { left: MARGIN, right: MARGIN, top: MARGIN, bottom: PAGE_H - BOTTOM },
    ...(head ? { head: [head.map(t)] } : {}),
    body: rows.map((r) => r.map(t)),
    theme: plain ? 'plain' : 'grid',
    styles: {
      font: 'DejaVu',
      fontStyle: 'normal',
      fontSize,
      cellPadding: 1.2,
      overflow: 'linebreak'
    },
    headStyles: {
      font: 'DejaVu',
      fontStyle: 'bold',
      fillColor: [238, 241, 246],
      textColor: [20, 20, 20]
    },
    columnStyles: plain ? { 0: { fontStyle: 'bold', cellWidth: 55 } } : columnStyles
  });
  const last = (ctx.doc as unknown as { lastAutoTable?: { finalY: number } }).lastAutoTable;
  ctx.y = (last?.finalY ?? ctx.y) + 4;
}

function block(ctx: Ctx, b: ReportBlock, model: ReportModel): void {
  switch (b.kind) {
    case 'heading':
      ensure(ctx, 14);
      ctx.y += 2;
      return paragraph(ctx, b.text, 11.5, 'bold');
    case 'paragraph':
      return paragraph(ctx, b.text);
    case 'keyValues':
      return table(ctx, null, b.rows, [false, false], true);
    case 'table':
      table(ctx, b.head, b.rows, b.numeric);
      if (b.note) paragraph(ctx, b.note, 8);
      return;
    case 'list':
      for (const it of b.items)
        paragraph(
          ctx,
          `• ${it.severity ? `[${model.words.severity[it.severity]}] ` : ''}${it.text}`,
          9.5,
          'normal',
          2
        );
      return;
    case 'chart': {
      const h = chartHeight(b.chart);
      ensure(ctx, h);
      drawChart(ctx.doc, b.chart, MARGIN, ctx.y, TEXT_W);
      ctx.y += h + 4;
      return;
    }
  }
}

/**
 * jsPDF records a glyph id per character drawn (duplicates included) and its font subsetter
 * copies arrays once per entry: a full report (≈ 2,500 entries, 90 distinct glyphs) took 5 s to
 * write. The subset only needs each glyph once, so the list is made unique before output.
 */
function dedupeGlyphs(doc: JsPdf): void {
  // jsPDF's getFont(name, style) returns that font; its typings only declare the no-argument form.
  const getFont = doc.getFont.bind(doc) as unknown as (
    name: string,
    style: string
  ) => { metadata?: { glyIdsUsed?: unknown } } | undefined;
  for (const style of ['normal', 'bold']) {
    const font = getFont('DejaVu', style);
    const used = font?.metadata?.glyIdsUsed;
    if (Array.isArray(used) && font?.metadata) font.metadata.glyIdsUsed = [...new Set(used)];
  }
}

async function loadFonts(opts: PdfOptions): Promise<PdfFonts> {
  let fonts: PdfFonts;
  try {
    fonts = typeof opts.fonts === 'function' ? await opts.fonts() : opts.fonts;
  } catch (e) {
    throw reportFailed('PDF', 'font not loaded / czcionka niewczytana', e);
  }
  if (!fonts || !isTrueType(fonts.regular) || !isTrueType(fonts.bold))
    throw reportFailed('PDF', 'font is not a TrueType file / czcionka nie jest plikiem TrueType');
  return fonts;
}

/**
 * @returns the PDF file (Uint8Array).
 * @throws AppError REPORT_FAILED (fonts missing or invalid, jsPDF failure).
 */
export async function renderPdf(model: ReportModel, opts: PdfOptions): Promise<Uint8Array> {
  const fonts = await loadFonts(opts);
  try {
    // Bundlers expose jsPDF's CommonJS Node build as a default export, the ES build by name.
    const jm = (await import('jspdf')) as unknown as {
      jsPDF?: typeof JsPdf;
      default?: { jsPDF?: typeof JsPdf };
    };
    const jsPDF = jm.jsPDF ?? jm.default?.jsPDF;
    const am = (await import('jspdf-autotable')) as unknown as {
      autoTable?: AutoTable;
      default?: AutoTable | { autoTable?: AutoTable };
    };
    const autoTable =
      am.autoTable ?? (typeof am.default === 'function' ? am.default : am.default?.autoTable);
    if (!jsPDF || !autoTable)
      throw reportFailed('PDF', 'jsPDF not available / brak biblioteki jsPDF');
    const doc = new jsPDF({ unit: 'mm', format: 'a4', compress: true });
    doc.setProperties({
      title: t(model.title),
      subject: t(model.subtitle),
      author: t(model.author ?? ''),
      creator: 'DataGenius PRO'
    });
    doc.addFileToVFS('DejaVuSans.ttf', binaryString(fonts.regular));
    doc.addFont('DejaVuSans.ttf', 'DejaVu', 'normal');
    doc.addFileToVFS('DejaVuSans-Bold.ttf', binaryString(fonts.bold));
    doc.addFont('DejaVuSans-Bold.ttf', 'DejaVu', 'bold');
    const ctx: Ctx = { doc, autoTable, y: MARGIN };
    // Page 1: title block and the table of contents (filled in once the sections' pages are known).
    paragraph(ctx, model.title, 20, 'bold');
    paragraph(ctx, model.subtitle, 10);
    if (model.author) paragraph(ctx, `${model.words.author}: ${model.author}`, 10);
    paragraph(ctx, `${model.words.generated}: ${model.generatedAt}`, 9);
    ctx.y += 4;
    paragraph(ctx, model.words.toc, 14, 'bold');
    const tocY = ctx.y;
    const starts: number[] = [];
    doc.addPage();
    ctx.y = MARGIN;
    model.sections.forEach((s, i) => {
      // Sections flow on; one starts a new page only when little of the current page is left.
      if (i > 0) ctx.y += 6;
      ensure(ctx, 60);
      starts.push(doc.getNumberOfPages());
      paragraph(ctx, `${i + 1}. ${s.title}`, 16, 'bold');
      ctx.y += 2;
      for (const b of s.blocks) block(ctx, b, model);
    });
    doc.setPage(1);
    doc.setFont('DejaVu', 'normal');
    doc.setFontSize(11);
    model.sections.forEach((s, i) => {
      const y = tocY + 4 + i * 7;
      const label = `${i + 1}. ${t(s.title)}`;
      doc.text(label, MARGIN + 2, y);
      doc.text(String(starts[i]), PAGE_W - MARGIN, y, { align: 'right' });
      doc.link(MARGIN, y - 4, TEXT_W, 6, { pageNumber: starts[i] });
      doc.outline.add(null, label, { pageNumber: starts[i] });
    });
    const pages = doc.getNumberOfPages();
    for (let p = 1; p <= pages; p++) {
      doc.setPage(p);
      doc.setFont('DejaVu', 'normal');
      doc.setFontSize(8);
      doc.setTextColor(110, 110, 110);
      doc.text(`${model.words.page} ${p} ${model.words.of} ${pages}`, PAGE_W / 2, PAGE_H - 9, {
        align: 'center'
      });
    }
    dedupeGlyphs(doc);
    return new Uint8Array(doc.output('arraybuffer'));
  } catch (e) {
    if (e instanceof AppError) throw e;
    const reason = e instanceof Error ? e.message.slice(0, 200) : String(e).slice(0, 200);
    throw reportFailed('PDF', reason, e);
  }
}
