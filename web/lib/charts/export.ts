/**
 * Chart export: a file name from the chart title, the plot's SVG as a standalone document (xmlns,
 * explicit background, colour and font, since the page's CSS does not travel with it), and a PNG
 * drawn from that SVG at 2× on a canvas. Only `sanitizeFileName` is DOM-free.
 */

/** A safe, portable file name stem from a chart title ("Wiek × klasa" → "wiek-x-klasa"). */
export function sanitizeFileName(title: string, fallback = 'chart'): string {
  const stem = title
    .replace(/[łŁ]/g, 'l')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/×/g, 'x')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80)
    .replace(/[-.]+$/g, '');
  return stem || fallback;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif';

/** The plot's own svg inside a Plot result (a bare svg, or a figure with legends around it). */
export function plotSvg(root: Element | null): SVGSVGElement | null {
  if (!root) return null;
  if (root instanceof SVGSVGElement) return root;
  const all = [...root.querySelectorAll('svg')].filter(
    (s) => !/-ramp\b/.test(s.getAttribute('class') ?? '')
  );
  return (all.at(-1) as SVGSVGElement | undefined) ?? null;
}

function sizeOf(svg: SVGSVGElement): { width: number; height: number } {
  const vb = svg.viewBox?.baseVal;
  const width = Number(svg.getAttribute('width')) || vb?.width || svg.clientWidth || 640;
  const height = Number(svg.getAttribute('height')) || vb?.height || svg.clientHeight || 400;
  return { width, height };
}

/**
 * Standalone SVG text of `root`'s plot, with any ramp legends (colour scales) stacked above it.
 * `background` 'white' paints a white rect first; 'transparent' leaves it clear.
 */
export function serializeSvg(root: Element, background: 'white' | 'transparent' = 'white'): string {
  const main = plotSvg(root);
  if (!main) throw new Error('no svg to export');
  const ramps =
    root instanceof SVGSVGElement
      ? []
      : ([...root.querySelectorAll('svg')].filter(
          (s) => s !== main && /-ramp\b/.test(s.getAttribute('class') ?? '')
        ) as SVGSVGElement[]);
  const parts = [...ramps, main];
  const sizes = parts.map(sizeOf);
  const width = Math.max(...sizes.map((s) => s.width));
  const height = sizes.reduce((a, s) => a + s.height, 0);
  const out = document.createElementNS(SVG_NS, 'svg');
  out.setAttribute('xmlns', SVG_NS);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(height));
  out.setAttribute('viewBox', `0 0 ${width} ${height}`);
  out.setAttribute('font-family', FONT);
  out.setAttribute('font-size', '10');
  // Plot draws text and axes in currentColor: pin it, so a dark-mode page exports dark-on-white.
  out.setAttribute('color', '#161a23');
  out.setAttribute('style', `color:#161a23;background:${background};font-family:${FONT}`);
  if (background === 'white') {
    const bg = document.createElementNS(SVG_NS, 'rect');
    bg.setAttribute('width', '100%');
    bg.setAttribute('height', '100%');
    bg.setAttribute('fill', 'white');
    out.appendChild(bg);
  }
  let y = 0;
  parts.forEach((part, i) => {
    const clone = part.cloneNode(true) as SVGSVGElement;
    clone.setAttribute('x', '0');
    clone.setAttribute('y', String(y));
    clone.setAttribute('width', String(sizes[i].width));
    clone.setAttribute('height', String(sizes[i].height));
    clone.style.setProperty('--plot-background', background === 'white' ? 'white' : 'transparent');
    clone.style.removeProperty('max-width');
    out.appendChild(clone);
    y += sizes[i].height;
  });
  const text = new XMLSerializer().serializeToString(out);
  return text.startsWith('<?xml') ? text.slice(text.indexOf('?>') + 2).trimStart() : text;
}

/** PNG of an SVG text at `scale`× (SVG → Image → canvas → blob). */
export async function svgToPng(svgText: string, scale = 2): Promise<Blob> {
  const img = new Image();
  const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
  await new Promise<void>((resolve, reject) => {
    img.onload = () => resolve();
    img.onerror = () => reject(new Error('the SVG could not be drawn as an image'));
    img.src = url;
  });
  const w = Math.max(1, Math.round((img.naturalWidth || img.width) * scale));
  const h = Math.max(1, Math.round((img.naturalHeight || img.height) * scale));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d canvas');
  ctx.drawImage(img, 0, 0, w, h);
  return new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('canvas.toBlob failed'))), 'image/png')
  );
}

/** Saves `blob` as `fileName` through a temporary download link. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
