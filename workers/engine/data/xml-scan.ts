/**
 * Just enough XML for SpreadsheetML: no DOMParser exists in workers or Node, and a full XML
 * parser would be a dependency for four fixed schemas. These helpers scan with regular
 * expressions over the (machine-written) part files: elements, attributes, text, entities.
 */

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'"
};

/** Decodes the five XML entities and numeric character references (`&#233;`, `&#x1F600;`). */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e] ?? m;
  });
}

/** Attributes of a start tag's attribute text, local names (prefix dropped: `r:id` → `id`). */
export function attributes(attrText: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(attrText))) {
    const name = m[1].includes(':') ? m[1].slice(m[1].indexOf(':') + 1) : m[1];
    // A prefixed attribute must not shadow an unprefixed one of the same local name.
    if (!(name in out) || !m[1].includes(':')) out[name] = decodeEntities(m[3] ?? m[4] ?? '');
  }
  return out;
}

export interface XmlElement {
  attrs: Record<string, string>;
  /** Inner XML ('' for self-closing elements). */
  inner: string;
}

/**
 * Every `<tag …>…</tag>` or `<tag …/>` in `xml` (optionally namespace-prefixed, e.g. `x:c`).
 * Not for recursive elements of the same name, which SpreadsheetML parts do not have.
 */
export function elements(xml: string, tag: string): XmlElement[] {
  const out: XmlElement[] = [];
  const re = new RegExp(
    `<(?:\\w+:)?${tag}(\\s[^>]*?)?(?:/>|>([\\s\\S]*?)</(?:\\w+:)?${tag}>)`,
    'g'
  );
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) out.push({ attrs: attributes(m[1] ?? ''), inner: m[2] ?? '' });
  return out;
}

/** Concatenated text of every `<t>` in `xml` (rich-text runs), phonetic `<rPh>` runs skipped. */
export function textRuns(xml: string): string {
  const noPhonetic = xml.includes('<rPh') ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : xml;
  let text = '';
  const re = /<(?:\w+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?t>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(noPhonetic))) text += m[1];
  return decodeEntities(text);
}
