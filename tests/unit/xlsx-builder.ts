// Builds small .xlsx workbooks in memory for tests (fflate zipSync + XML strings).
import { strToU8, zipSync } from 'fflate';

export type XCell =
  | { s: number } // shared string index
  | { inline: string }
  | { b: boolean }
  | { n: number; style?: number }
  | { e: string }
  | null;

export interface XSheet {
  name: string;
  /** rows[r][c]; null cells are written as absent (gaps). */
  rows: XCell[][];
}

const col = (c: number) => String.fromCharCode(65 + c);

function cellXml(cell: XCell, ref: string): string {
  if (cell === null) return '';
  if ('s' in cell) return `<c r="${ref}" t="s"><v>${cell.s}</v></c>`;
  if ('inline' in cell) return `<c r="${ref}" t="inlineStr"><is><t>${cell.inline}</t></is></c>`;
  if ('b' in cell) return `<c r="${ref}" t="b"><v>${cell.b ? 1 : 0}</v></c>`;
  if ('e' in cell) return `<c r="${ref}" t="e"><v>${cell.e}</v></c>`;
  return `<c r="${ref}"${cell.style !== undefined ? ` s="${cell.style}"` : ''}><v>${cell.n}</v></c>`;
}

/**
 * A workbook with `sheets`, shared strings `shared` (raw XML inside <si>, so rich runs can be
 * tested) and cell styles: 0 = general, 1 = built-in date 14, 2 = custom "yyyy-mm-dd hh:mm",
 * 3 = custom `0.0" d"` (a "d" only inside quotes: not a date).
 */
export function buildXlsx(sheets: XSheet[], shared: string[]): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  files['[Content_Types].xml'] = strToU8('<?xml version="1.0"?><Types/>');
  files['xl/workbook.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets
      .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join('')}</sheets></workbook>`
  );
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    `<?xml version="1.0"?><Relationships>${sheets
      .map(
        (_, i) =>
          `<Relationship Id="rId${i + 1}" Type="worksheet" Target="worksheets/sheet${i + 1}.xml"/>`
      )
      .join('')}</Relationships>`
  );
  files['xl/sharedStrings.xml'] = strToU8(
    `<?xml version="1.0"?><sst count="${shared.length}">${shared.map((s) => `<si>${s}</si>`).join('')}</sst>`
  );
  files['xl/styles.xml'] = strToU8(
    `<?xml version="1.0"?><styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/><numFmt numFmtId="165" formatCode="0.0&quot; d&quot;"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>`
  );
  sheets.forEach((s, i) => {
    const rows = s.rows
      .map(
        (row, r) =>
          `<row r="${r + 1}">${row.map((c, j) => cellXml(c, `${col(j)}${r + 1}`)).join('')}</row>`
      )
      .join('');
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(
      `<?xml version="1.0"?><worksheet><sheetData>${rows}</sheetData></worksheet>`
    );
  });
  return zipSync(files);
}
