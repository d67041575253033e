/**
 * Thrown when dataset input is malformed: names the offending field and, where one row is at
 * fault, the first bad row.
 *
 * @example
 * ```ts
 * try {
 *   createDataset({ observations: [[0], [Number.NaN]], actions: [[0], [0]], rewards: [0, 0], terminals: [0, 1] });
 * } catch (e) {
 *   if (e instanceof DatasetError) console.log(e.field, e.index); // 'observations' 1
 * }
 * ```
 */
export class DatasetError extends Error {
  /** The input field at fault (`'observations'`, `'actions'`, `'actionSpace'`, …). */
  readonly field: string;
  /** The first bad row, or `null` when the problem is not one row's (an empty dataset, a length mismatch). */
  readonly index: number | null;

  /**
   * @param field - the input field at fault.
   * @param index - the first bad row, or `null`.
   * @param message - the full message, which names the field and the row.
   */
  constructor(field: string, index: number | null, message: string) {
    super(message);
    this.name = 'DatasetError';
    this.field = field;
    this.index = index;
  }
}
