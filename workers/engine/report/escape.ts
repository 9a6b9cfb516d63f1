/**
 * Escaping of user- and file-controlled text (column names, category values, session names,
 * titles, model parameters) for the text formats. HTML: the five XML-significant characters, so
 * text can go into element content and quoted attributes alike. Markdown: a backslash before every
 * character CommonMark / GFM give meaning to, so no text can open a tag, a link, emphasis, a
 * heading or a table cell — `<img src=x onerror=alert(1)>` stays literal text.
 */

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;'
};

/** Text for HTML / SVG element content or a quoted attribute. */
export function escapeHtml(s: string): string {
  return stripControl(s).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

/** C0/C1 control characters (except tab and newline) are invalid in XML 1.0 and meaningless here. */
export function stripControl(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '');
}

/**
 * Markdown inline text: ASCII punctuation with a meaning in CommonMark/GFM backslash-escaped;
 * line breaks become spaces (a newline would end a table row or a list item).
 * @param lineStart the text starts a line (paragraph, list item): also escape a leading list or
 *   rule marker; false inside table cells, where a leading `-` is harmless (negative numbers).
 */
export function escapeMarkdown(s: string, lineStart = true): string {
  const flat = stripControl(s)
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[\\`*_{}[\]<>#|~&!]/g, (c) => `\\${c}`);
  // At the start of a line `-`, `+`, `=` or `12.` / `12)` would open a list or a heading rule.
  if (!lineStart) return flat;
  return flat.replace(
    /^(\s*)([-+=]|\d+[.)])/,
    (_m, sp: string, mark: string) => `${sp}${mark.slice(0, -1)}\\${mark.slice(-1)}`
  );
}
