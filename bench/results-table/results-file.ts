/**
 * The results file of a table run: one JSON document holding every finished cell, rewritten
 * atomically (temporary file, then rename) after each cell, so a run killed at any moment leaves
 * the cells finished so far and nothing half-written. A restart skips the cells stored with the
 * same spec.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../src/platform/node-builtins';
import type { Cell, CellSpec } from './plan';

/** Identifies a results file (`format`) and its layout (`version`). */
const RESULTS_FORMAT = 'offline-rl-results-table';
const RESULTS_VERSION = 1;

/**
 * What one finished cell stored: its spec, and the scores or the error.
 *
 * @example
 * ```ts
 * const r: CellResult = { key: 'pendulum-medium/bc/0', task: 'pendulum-medium', variant: 'bc', seed: 0, spec, score: 31.2, return: -893.1, returnStd: 210.4, trainSeconds: 41.2, evalSeconds: 1.3, finishedAt: '2026-12-02T15:00:00.000Z', machine: '…' };
 * ```
 */
export interface CellResult {
  key: string;
  task: string;
  variant: string;
  seed: number;
  spec: CellSpec;
  /** Normalized score of the mean return (0 = uniform random policy, 100 = the scripted controller). */
  score?: number;
  /** Mean undiscounted return over the evaluation episodes. */
  return?: number;
  /** Population std of the evaluation returns. */
  returnStd?: number;
  /** Wall seconds of training (worker start-up included) and of evaluation. */
  trainSeconds: number;
  evalSeconds?: number;
  /** Set when the cell failed; such cells are rerun only with `--retry-failed`. */
  error?: string;
  /** ISO time the cell finished. */
  finishedAt: string;
  /** CPU model × cores, Node version, backend. */
  machine: string;
}

/**
 * One start of the run command, appended at every start (the history the caption reports).
 *
 * @example
 * ```ts
 * const s: RunSession = { startedAt: '2026-12-02T15:00:00.000Z', command: 'npm run table', machine: '…', load1: 3.2 };
 * ```
 */
export interface RunSession {
  startedAt: string;
  command: string;
  machine: string;
  /** 1-minute load average at the start (the machine may be shared). */
  load1: number;
}

/**
 * The results file's content.
 *
 * @example
 * ```ts
 * const doc: ResultsDocument = emptyResults();
 * ```
 */
export interface ResultsDocument {
  format: typeof RESULTS_FORMAT;
  version: number;
  sessions: RunSession[];
  cells: Record<string, CellResult>;
}

/**
 * A results document with no cells.
 *
 * @example
 * ```ts
 * emptyResults().cells; // {}
 * ```
 */
export function emptyResults(): ResultsDocument {
  return { format: RESULTS_FORMAT, version: RESULTS_VERSION, sessions: [], cells: {} };
}

/**
 * Reads a results file, or returns an empty document when there is none.
 *
 * @throws Error naming the file for bad JSON, another format or version, or a malformed cell (its key and field).
 * @example
 * ```ts
 * const doc = readResults('docs/results/results.json');
 * ```
 */
export function readResults(path: string): ResultsDocument {
  if (!existsSync(path)) return emptyResults();
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`results table: ${path} is not valid JSON (${err instanceof Error ? err.message : String(err)}); move it away to start a new run`, { cause: err });
  }
  const d = doc as Partial<ResultsDocument> | null;
  if (d === null || typeof d !== 'object' || d.format !== RESULTS_FORMAT) {
    throw new Error(`results table: ${path} is not a results-table file (field 'format' is ${JSON.stringify(d?.format)}, expected '${RESULTS_FORMAT}')`);
  }
  if (d.version !== RESULTS_VERSION) throw new Error(`results table: ${path} has version ${String(d.version)}; this script reads version ${RESULTS_VERSION}`);
  if (d.cells === null || typeof d.cells !== 'object' || Array.isArray(d.cells)) throw new Error(`results table: ${path}: field 'cells' must be an object keyed by cell`);
  if (!Array.isArray(d.sessions)) throw new Error(`results table: ${path}: field 'sessions' must be an array`);
  for (const [key, cell] of Object.entries(d.cells)) checkCell(path, key, cell);
  return d as ResultsDocument;
}

function checkCell(path: string, key: string, cell: CellResult): void {
  const bad = (field: string, what: string) => new Error(`results table: ${path}: cell '${key}': field '${field}' ${what}`);
  if (cell === null || typeof cell !== 'object') throw bad('(cell)', 'must be an object');
  if (cell.key !== key) throw bad('key', `is ${JSON.stringify(cell.key)}, expected the cell's own key`);
  if (typeof cell.spec !== 'object' || cell.spec === null) throw bad('spec', 'is missing');
  if (cell.error === undefined) {
    for (const field of ['score', 'return', 'returnStd', 'trainSeconds'] as const) {
      if (typeof cell[field] !== 'number' || !Number.isFinite(cell[field])) throw bad(field, `must be a finite number, got ${JSON.stringify(cell[field])}`);
    }
  } else if (typeof cell.error !== 'string') {
    throw bad('error', 'must be a string');
  }
}

/**
 * Writes a results document atomically (temporary file in the same folder, then rename).
 *
 * @example
 * ```ts
 * await writeResults('docs/results/results.json', doc);
 * ```
 */
export async function writeResults(path: string, doc: ResultsDocument): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(doc, null, 1)}\n`, 'results table');
}

/**
 * Deep equality of JSON values (key order ignored).
 *
 * @example
 * ```ts
 * sameJson({ a: 1, b: [2] }, { b: [2], a: 1 }); // true
 * ```
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * What a restart does with a planned cell: `'done'` (stored with the same spec: skip), `'failed'`
 * (stored with the same spec and an error: skip unless retrying), `'stale'` (stored with another
 * spec: rerun and replace) or `'todo'` (not stored).
 *
 * @example
 * ```ts
 * cellStatus(doc, cell); // 'todo'
 * ```
 */
export function cellStatus(doc: ResultsDocument, cell: Cell): 'done' | 'failed' | 'stale' | 'todo' {
  const stored = doc.cells[cell.key];
  if (stored === undefined) return 'todo';
  if (!sameJson(stored.spec, cell.spec)) return 'stale';
  return stored.error === undefined ? 'done' : 'failed';
}

/**
 * The stored cells that belong to a plan (same key and spec), by key: what the table is drawn from.
 * Cells of other specs (an older budget) stay in the file but are not shown.
 *
 * @example
 * ```ts
 * const current = currentCells(doc, planCells(TASKS, tableVariants(), defaultBudget()));
 * ```
 */
export function currentCells(doc: ResultsDocument, cells: readonly Cell[]): Map<string, CellResult> {
  const out = new Map<string, CellResult>();
  for (const cell of cells) {
    const status = cellStatus(doc, cell);
    if (status === 'done' || status === 'failed') out.set(cell.key, doc.cells[cell.key]);
  }
  return out;
}
