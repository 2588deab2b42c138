// Aligned text tables: a header row, then one row per item, columns two spaces apart.
// Widths count characters, not UTF-16 units, so "…" and "█" take one column each.

export interface Column {
  header: string;
  /** Numbers read best right-aligned; the default is left. */
  align?: 'left' | 'right';
}

const GAP = '  ';

export function formatTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
): string[] {
  const widths = columns.map((column, i) =>
    Math.max(width(column.header), ...rows.map((row) => width(row[i] ?? ''))),
  );
  const render = (cells: readonly string[]) =>
    columns
      .map((column, i) => pad(cells[i] ?? '', widths[i]!, column.align ?? 'left'))
      .join(GAP)
      // The last column is padded too when right-aligned; trailing blanks are never wanted.
      .trimEnd();
  return [render(columns.map((column) => column.header)), ...rows.map(render)];
}

/** `key  value` lines with the keys aligned, for one item's details. */
export function formatFields(fields: readonly (readonly [string, string])[]): string[] {
  const keyWidth = Math.max(0, ...fields.map(([key]) => width(key)));
  return fields.map(([key, value]) => `${pad(`${key}:`, keyWidth + 1, 'left')} ${value}`.trimEnd());
}

function width(text: string): number {
  return [...text].length;
}

function pad(text: string, size: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return align === 'right' ? fill + text : text + fill;
}
