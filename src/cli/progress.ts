import type { TrainingProgress } from 'offline-rl';
import { formatNumber } from './format-table';

/**
 * Where progress is written: a stream with `write`, and `isTTY`/`columns` when it is a terminal.
 *
 * @example
 * ```ts
 * const out: ProgressStream = process.stdout;
 * ```
 */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Cells of the bar on a terminal. */
const BAR_WIDTH = 24;

/**
 * A duration as `h:mm:ss` or `m:ss`.
 *
 * @example
 * ```ts
 * formatDuration(75_000); // '1:15'
 * ```
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * One progress report as text, without the bar: `step 400/1,000  850 steps/s  ETA 0:01  critic/loss
 * 0.1234 …` (the metrics whose name ends in `loss`).
 *
 * @example
 * ```ts
 * progressText({ step: 5, steps: 10, stepsPerSecond: 100, etaMs: 50, elapsedMs: 50, metrics: { 'actor/loss': 1 } });
 * ```
 */
export function progressText(p: TrainingProgress): string {
  // The losses only (the metrics log has every metric); all metrics when none is a loss.
  const losses = Object.entries(p.metrics).filter(([k]) => k.endsWith('loss'));
  const metrics = (losses.length > 0 ? losses : Object.entries(p.metrics))
    .map(([k, v]) => `${k} ${formatNumber(v)}`)
    .join('  ');
  const speed = p.stepsPerSecond >= 100 ? Math.round(p.stepsPerSecond) : Number(p.stepsPerSecond.toPrecision(3));
  return `step ${formatNumber(p.step)}/${formatNumber(p.steps)}  ${formatNumber(speed)} steps/s  ETA ${formatDuration(p.etaMs)}  ${metrics}`.trimEnd();
}

/**
 * Reports training progress: on a terminal one line redrawn in place with a bar (`[#####·····]
 * 40% step …`), cut to the terminal's width; elsewhere (a file, a pipe, CI) one plain line per report.
 *
 * @example
 * ```ts
 * const progress = new ProgressReporter(process.stdout);
 * await trainIQL(dataset, { onProgress: (p) => progress.update(p) });
 * progress.done();
 * ```
 */
export class ProgressReporter {
  private drawn = false;

  constructor(private readonly out: ProgressStream) {}

  update(p: TrainingProgress): void {
    const text = progressText(p);
    if (!this.out.isTTY) {
      this.out.write(`${text}\n`);
      return;
    }
    const fraction = Math.min(1, p.step / p.steps);
    const filled = Math.round(fraction * BAR_WIDTH);
    const line = `[${'#'.repeat(filled)}${'·'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${text}`;
    const width = Math.max(20, (this.out.columns ?? 80) - 1);
    this.out.write(`\r\x1b[2K${line.length > width ? line.slice(0, width - 1) + '…' : line}`);
    this.drawn = true;
  }

  /** Ends the bar's line on a terminal (call before printing anything else). */
  done(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}

/** About this many progress reports per run when the log interval is not set. */
const REPORTS_PER_RUN = 100;
/** Longest default log interval (the trainers' own default). */
const MAX_DEFAULT_LOG_INTERVAL = 1000;

/**
 * The command line's log interval when none is set: about 100 progress reports per run, at most one
 * per 1000 updates (the trainers' own default).
 *
 * @example
 * ```ts
 * defaultLogInterval(500);       // 5
 * defaultLogInterval(1_000_000); // 1000
 * ```
 */
export function defaultLogInterval(steps: number): number {
  return Math.max(1, Math.min(MAX_DEFAULT_LOG_INTERVAL, Math.round(steps / REPORTS_PER_RUN)));
}
