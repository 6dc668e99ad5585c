// RFC 4180 CSV, as LogHub's structured files use: a field is quoted when it holds a comma, a
// quote or a line break (multi-line trace events), quotes doubled inside.

export function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRow(fields: readonly (string | number)[]): string {
  return `${fields.map(f => csvField(String(f))).join(',')}\n`;
}

/** The field starting at `start`, and where it ends (the index of its delimiter). */
function readField(text: string, start: number): [string, number] {
  if (text[start] !== '"') {
    let end = start;
    while (
      end < text.length &&
      text[end] !== ',' &&
      text[end] !== '\n' &&
      text[end] !== '\r'
    )
      end++;
    return [text.slice(start, end), end];
  }
  const parts: string[] = [];
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) throw new Error(`unterminated quoted field at ${start}`);
    parts.push(text.slice(from, quote));
    if (text[quote + 1] !== '"') return [parts.join(''), quote + 1];
    parts.push('"');
    from = quote + 2;
  }
}

/** Parses a whole CSV text into records keyed by the header row. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    const [field, end] = readField(text, i);
    row.push(field);
    i = end;
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === '\r') i++;
    rows.push(row);
    row = [];
    i++;
  }
  const [header, ...body] = rows;
  return body.map(r =>
    Object.fromEntries(header.map((h, j) => [h, r[j] ?? ''])),
  );
}
