/**
 * A number for a table: integers with thousands separators (`1,000,000`), others with 4 significant
 * digits (`0.1235`, `-3.142`), exponent notation when very large or small (`1.235e-7`).
 *
 * @example
 * ```ts
 * formatNumber(1234567);   // '1,234,567'
 * formatNumber(0.123456);  // '0.1235'
 * ```
 */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return x.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return x.toExponential(3).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(x.toPrecision(4)));
}

/**
 * Lays out rows of cells as aligned columns: the first column left-aligned, the others
 * right-aligned, two spaces apart, each line indented by `indent`.
 *
 * @example
 * ```ts
 * formatTable([['', 'min', 'max'], ['reward', '0', '1']]);
 * // '          min  max\n  reward    0    1'
 * ```
 */
export function formatTable(rows: string[][], indent = '  '): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, k) => (widths[k] = Math.max(widths[k] ?? 0, cell.length)));
  return rows
    .map((row) => indent + row.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]) : cell.padStart(widths[k]))).join('  ').trimEnd())
    .join('\n');
}
