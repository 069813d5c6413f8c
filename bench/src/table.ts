/** Plain-text formatting of the bench's figures: markdown tables that paste into READMEs. */

/** Column alignment in a markdown table. */
export type Align = 'left' | 'right';

/** Renders a markdown table with padded columns; `align` defaults to left for every column. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const widths = headers.map((header, c) => Math.max(3, header.length, ...rows.map((row) => (row[c] ?? '').length)));
  const pad = (text: string, c: number): string =>
    align[c] === 'right' ? text.padStart(widths[c] ?? 0) : text.padEnd(widths[c] ?? 0);
  const line = (cells: readonly string[]): string => `| ${headers.map((_, c) => pad(cells[c] ?? '', c)).join(' | ')} |`;
  const rule = `|${widths.map((width, c) => (align[c] === 'right' ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** A duration given in ms, with a unit that keeps 3 significant digits. */
export function formatMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 3 : 2)} s`;
}

/** An accuracy in [0, 1], four decimals. */
export function formatAccuracy(accuracy: number | undefined): string {
  return accuracy === undefined ? '-' : accuracy.toFixed(4);
}

/** A difference of accuracies in percentage points, two decimals, without a "-0.00". */
export function formatPoints(difference: number): string {
  const text = (100 * difference).toFixed(2);
  return text === '-0.00' ? '0.00' : text;
}

/** How many times faster `ours` is than `theirs` (both in ms). */
export function formatSpeedup(oursMs: number, theirsMs: number | undefined): string {
  if (theirsMs === undefined) return '-';
  const ratio = theirsMs / Math.max(oursMs, 1e-3);
  return `×${ratio >= 100 ? ratio.toFixed(0) : ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}`;
}

/** A byte count in binary units. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
