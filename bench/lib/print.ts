/** A plain-text table: the first column left-aligned, the others (figures) right-aligned. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

export const formatRate = (perSecond: number) => Math.round(perSecond).toLocaleString('en-US');
export const formatMs = (ms: number) => ms.toFixed(ms < 10 ? 2 : 1);
export const formatPercent = (ratio: number) => `${(ratio * 100).toFixed(0)}%`;
