/**
 * The results table as Markdown: a caption that states the budget, the per-domain settings, the
 * variants' configs, the dates, the machine and the command; the table of normalized scores
 * (mean ± std over seeds) with unfinished entries marked; and the training time per cell. Pure.
 */
import type { TableEntry } from './aggregate';
import { ALGORITHM_SETTINGS, DOMAIN_SETTINGS, type TableBudget, type TableDomain, type TableTask, type TableVariant } from './plan';
import type { RunSession } from './results-file';

/**
 * Everything the Markdown page shows.
 *
 * @example
 * ```ts
 * const md = renderMarkdown({ tasks: TASKS, variants, budget, entries, dataScores, times, sessions: doc.sessions, lastFinished, command: 'npm run table', picture: 'results-table.svg' });
 * ```
 */
export interface TableReport {
  tasks: readonly TableTask[];
  variants: readonly TableVariant[];
  budget: TableBudget;
  /** From `aggregate`, keyed `task/variant`. */
  entries: ReadonlyMap<string, TableEntry>;
  /** Normalized score of each dataset's mean episode return, by task id. */
  dataScores: ReadonlyMap<string, number>;
  /** Mean training seconds per cell by variant, then domain (`trainTimes`). */
  times: ReadonlyMap<string, ReadonlyMap<string, number>>;
  sessions: readonly RunSession[];
  /** ISO time of the last finished cell, if any. */
  lastFinished?: string;
  /** The command that runs (and resumes) the table. */
  command: string;
  /** File name of the picture beside the Markdown file, if drawn. */
  picture?: string;
}

/**
 * The marker of an entry with no finished seed.
 *
 * @example
 * ```ts
 * formatEntry(undefined) === MISSING; // true
 * ```
 */
export const MISSING = '–';

/**
 * One score entry as text: `52.1 ± 3.4`, with `(2/3)` when seeds are missing (and no ± for a single
 * seed), `failed` when every finished seed failed, and {@link MISSING} when none finished.
 *
 * @example
 * ```ts
 * formatEntry({ task: 't', variant: 'v', scores: [50, 54], mean: 52, std: 2, planned: 3, failed: 0 }); // '52.0 ± 2.0 (2/3)'
 * ```
 */
export function formatEntry(entry: TableEntry | undefined): string {
  if (!entry) return MISSING;
  const failed = entry.failed > 0 ? ` (${entry.failed} failed)` : '';
  if (entry.mean === undefined || entry.std === undefined) return entry.failed > 0 ? `failed${entry.failed < entry.planned ? ` (${entry.failed}/${entry.planned})` : ''}` : MISSING;
  const partial = entry.scores.length < entry.planned ? ` (${entry.scores.length}/${entry.planned})` : '';
  // One seed has no spread to report.
  const spread = entry.scores.length > 1 ? ` ± ${entry.std.toFixed(1)}` : '';
  return `${entry.mean.toFixed(1)}${spread}${partial}${failed}`;
}

const describeConfig = (config: Readonly<Record<string, unknown>>) =>
  Object.entries(config)
    .map(([k, v]) => `\`${k}: ${JSON.stringify(v)}\``)
    .join(', ');

function domainLine(domain: TableDomain): string {
  const s = DOMAIN_SETTINGS[domain];
  const parts = [
    ...Object.entries(s.common).map(([k, v]) => `\`${k}: ${JSON.stringify(v)}\` for every algorithm that has it`),
    ...Object.entries(s.byAlgorithm).map(([alg, cfg]) => `${describeConfig(cfg)} for every \`${alg}\` variant`),
  ];
  return `- **${domain}**: ${parts.length > 0 ? parts.join('; ') : 'nothing changed'} (${s.why}).`;
}

const day = (iso: string) => iso.slice(0, 10);

/**
 * The results page in Markdown.
 *
 * @example
 * ```ts
 * writeFileSync('docs/results/results-table.md', renderMarkdown(report));
 * ```
 */
export function renderMarkdown(report: TableReport): string {
  const { tasks, variants, budget, entries } = report;
  const domains = [...new Set(tasks.map((t) => t.domain))];
  const allEntries = tasks.flatMap((t) => variants.map((v) => entries.get(`${t.id}/${v.id}`)));
  const planned = allEntries.reduce((s, e) => s + (e?.planned ?? 0), 0);
  const finished = allEntries.reduce((s, e) => s + (e?.scores.length ?? 0), 0);
  const failed = allEntries.reduce((s, e) => s + (e?.failed ?? 0), 0);
  const first = report.sessions[0];
  const machines = [...new Set(report.sessions.map((s) => s.machine))];

  const lines: string[] = [];
  lines.push('# Results table: every trainer on Pendulum and the point maze', '');
  lines.push(
    `Normalized score (0 = a uniform random policy, 100 = the scripted controller; see guide §9), mean ± std over ${budget.seeds} training seeds ` +
      `(population std, as \`np.std\`); each seed's score is the mean return of ${budget.episodes} evaluation episodes with deterministic actions ` +
      `(\`evaluate(agent, env, { episodes: ${budget.episodes}, parallel: ${budget.parallel}, seed: 1000 + seed })\`). ` +
      `\`(k/n)\` marks an entry with k of n seeds finished, ${MISSING} one with none.`,
    '',
  );
  lines.push(
    `**Budget** (the same for every algorithm): networks \`${JSON.stringify(budget.hiddenDims)}\` (every actor, critic and value net), batch ${budget.batchSize}, ` +
      `**${budget.steps.toLocaleString('en-US')} gradient updates** per run, every other setting at the trainer's default; ` +
      `datasets of ${budget.datasetSize.toLocaleString('en-US')} rows (one per task, seed 0, shared by every seed and algorithm); ` +
      `point maze: \`${budget.mazeLayout}\` layout, \`${budget.mazeReward}\` reward. Training runs with \`trainMany\` (offline-rl/node, one worker per run, 2 at once) on the wasm backend. ` +
      'Sized to finish in under two hours on a quiet 2-core machine (guide §17 gives the per-update costs).',
    '',
  );
  lines.push('**Per-domain settings** (applied to every cell of the domain):', '', ...domains.map(domainLine), '');
  const algorithms = [...new Set(variants.map((v) => v.algorithm))].filter((a) => ALGORITHM_SETTINGS[a] !== undefined);
  if (algorithms.length > 0) {
    lines.push(
      '**Per-algorithm settings** (every domain): ' +
        algorithms.map((a) => `\`${a}\` ${describeConfig(ALGORITHM_SETTINGS[a].config)} (${ALGORITHM_SETTINGS[a].why})`).join('; ') +
        '. Nothing else was tuned per algorithm.',
      '',
    );
  }
  lines.push(
    '**Columns**: ' +
      variants.map((v) => `${v.label} = \`${v.algorithm}\`${Object.keys(v.config).length > 0 ? ` with ${describeConfig(v.config)}` : ''}`).join('; ') +
      '. The data column is the dataset\'s own mean episode return, normalized.',
    '',
  );
  const when = first ? `${day(first.startedAt)}${report.lastFinished && day(report.lastFinished) !== day(first.startedAt) ? ` to ${day(report.lastFinished)}` : ''}` : 'not run yet';
  lines.push(
    `**Run**: ${when}; machine: ${machines.length > 0 ? machines.join('; ') : 'n/a'}; command: \`${report.command}\` ` +
      `(resumable: rerunning it trains only the missing cells). ${report.sessions.length} session(s); ` +
      `1-minute load average at their starts: ${report.sessions.map((s) => s.load1.toFixed(1)).join(', ') || 'n/a'} (a value above the number of cores means the machine was shared with other jobs, and the training times below are inflated; the scores do not depend on it).`,
    '',
  );
  lines.push(`**Progress**: ${finished} of ${planned} runs finished${failed > 0 ? `, ${failed} failed` : ''}${finished + failed < planned ? `; ${planned - finished - failed} missing` : ''}.`, '');
  if (report.picture) lines.push(`![Normalized scores, task × algorithm](${report.picture})`, '');

  lines.push(`| task | data | ${variants.map((v) => v.label).join(' | ')} |`);
  lines.push(`|---|---:|${variants.map(() => '---:').join('|')}|`);
  for (const task of tasks) {
    const data = report.dataScores.get(task.id);
    lines.push(`| ${task.id} | ${data === undefined ? MISSING : data.toFixed(1)} | ${variants.map((v) => formatEntry(entries.get(`${task.id}/${v.id}`))).join(' | ')} |`);
  }
  for (const domain of domains) {
    const domainTasks = tasks.filter((t) => t.domain === domain);
    if (domainTasks.length < 2) continue;
    const cells = variants.map((v) => {
      const means = domainTasks.map((t) => entries.get(`${t.id}/${v.id}`)?.mean);
      if (means.some((m) => m === undefined)) return MISSING;
      return ((means as number[]).reduce((s, m) => s + m, 0) / means.length).toFixed(1);
    });
    lines.push(`| *${domain} average* | | ${cells.join(' | ')} |`);
  }
  lines.push('');

  lines.push('**Training time**: mean wall seconds per run (worker start-up included), by domain.', '');
  lines.push(`| domain | ${variants.map((v) => v.label).join(' | ')} |`);
  lines.push(`|---|${variants.map(() => '---:').join('|')}|`);
  for (const domain of domains) {
    lines.push(`| ${domain} | ${variants.map((v) => report.times.get(v.id)?.get(domain)?.toFixed(0) ?? MISSING).join(' | ')} |`);
  }
  lines.push('');
  const missing = tasks.flatMap((t) => variants.filter((v) => (entries.get(`${t.id}/${v.id}`)?.scores.length ?? 0) < (entries.get(`${t.id}/${v.id}`)?.planned ?? budget.seeds)).map((v) => `${t.id}/${v.id}`));
  if (missing.length > 0) lines.push(`**Entries with missing seeds** (${missing.length}): ${missing.join(', ')}.`, '');
  return `${lines.join('\n')}\n`;
}
