/**
 * Runs the cells of a table that are not stored yet, `lanes` at a time, and stores each finished
 * cell in the results file as soon as it is done (the whole document, written atomically; writes
 * are serialized). A cell that throws is stored with its error and the run goes on. What trains and
 * evaluates a cell is passed in (`runCell`), so this logic is tested without TensorFlow.js.
 */
import type { Cell } from './plan';
import { cellStatus, writeResults, type CellResult, type ResultsDocument } from './results-file';

/**
 * The measured outcome of one cell.
 *
 * @example
 * ```ts
 * const outcome: CellOutcome = { score: 52.3, return: -665.1, returnStd: 120.2, trainSeconds: 40.2, evalSeconds: 1.1 };
 * ```
 */
export interface CellOutcome {
  score: number;
  return: number;
  returnStd: number;
  trainSeconds: number;
  evalSeconds: number;
}

/**
 * Options of {@link runCells}.
 *
 * @example
 * ```ts
 * const options: RunCellsOptions = { lanes: 2, machine: 'AMD EPYC × 2, Node v20', log: console.log };
 * ```
 */
export interface RunCellsOptions {
  /** Cells run at once. */
  lanes: number;
  /** Also rerun cells stored with an error. Default false. */
  retryFailed?: boolean;
  /** Recorded in every cell. */
  machine: string;
  /** Progress lines. */
  log?: (line: string) => void;
  /** Called after each stored cell (e.g. to redraw the table). */
  afterCell?: (result: CellResult) => Promise<void> | void;
  /** The clock (tests pass a fixed one). */
  now?: () => Date;
}

/**
 * Which of `cells` a run would train now: not stored, stored with another spec, or (with
 * `retryFailed`) stored with an error.
 *
 * @example
 * ```ts
 * pendingCells(doc, cells).length; // cells left to run
 * ```
 */
export function pendingCells(doc: ResultsDocument, cells: readonly Cell[], retryFailed = false): Cell[] {
  return cells.filter((cell) => {
    const status = cellStatus(doc, cell);
    return status === 'todo' || status === 'stale' || (retryFailed && status === 'failed');
  });
}

/**
 * Runs every pending cell (see {@link pendingCells}) and stores each in `doc` and in the file at
 * `path` as soon as it finishes. Returns how many ran and how many failed.
 *
 * @example
 * ```ts
 * await runCells('docs/results/results.json', doc, cells, (cell) => trainAndEvaluate(cell), { lanes: 2, machine });
 * ```
 */
export async function runCells(
  path: string,
  doc: ResultsDocument,
  cells: readonly Cell[],
  runCell: (cell: Cell) => Promise<CellOutcome>,
  options: RunCellsOptions,
): Promise<{ ran: number; failed: number }> {
  const log = options.log ?? (() => {});
  const now = options.now ?? (() => new Date());
  const pending = pendingCells(doc, cells, options.retryFailed ?? false);
  log(`${cells.length - pending.length} of ${cells.length} cells stored; running ${pending.length}`);
  let next = 0;
  let ran = 0;
  let failed = 0;
  let saving: Promise<void> = Promise.resolve();
  const store = (result: CellResult): Promise<void> => {
    doc.cells[result.key] = result;
    saving = saving.then(() => writeResults(path, doc));
    return saving;
  };

  const lane = async () => {
    while (next < pending.length) {
      const cell = pending[next++];
      const started = Date.now();
      const base = { key: cell.key, task: cell.task.id, variant: cell.variant.id, seed: cell.seed, spec: cell.spec, machine: options.machine };
      let result: CellResult;
      try {
        const outcome = await runCell(cell);
        result = { ...base, ...outcome, finishedAt: now().toISOString() };
        log(`done ${cell.key}: score ${outcome.score.toFixed(1)}, return ${outcome.return.toFixed(1)}, train ${outcome.trainSeconds.toFixed(0)} s, eval ${outcome.evalSeconds.toFixed(1)} s (${ran + 1}/${pending.length})`);
      } catch (err) {
        failed += 1;
        const message = err instanceof Error ? err.message : String(err);
        result = { ...base, trainSeconds: (Date.now() - started) / 1000, error: message, finishedAt: now().toISOString() };
        log(`FAILED ${cell.key}: ${message}`);
      }
      ran += 1;
      await store(result);
      await options.afterCell?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.lanes, pending.length)) }, lane));
  await saving;
  return { ran, failed };
}
