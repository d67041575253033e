import type { DatasetDescription, SummaryStats } from 'offline-rl';
import { formatNumber as n, formatTable } from './format-table';

const STATS_HEADER = ['', 'count', 'min', 'max', 'mean', 'std', 'median'];

function statsRow(label: string, s: SummaryStats): string[] {
  return [label, n(s.count), n(s.min), n(s.max), n(s.mean), n(s.std), n(s.median)];
}

/**
 * {@link describeDataset}'s numbers as a readable table (what `offline-rl inspect` prints), with a
 * warning line when the dataset has no done signals at all.
 *
 * @example
 * ```ts
 * console.log(formatDescription(describeDataset(dataset), 'hopper-medium-v2.hdf5'));
 * ```
 */
export function formatDescription(d: DatasetDescription, title?: string): string {
  const space = d.actionSpace;
  const actionKind = space.type === 'discrete' ? `discrete, ${space.n} actions` : `box, ${space.low.length} dims`;
  const lines: string[] = [];
  if (title !== undefined) lines.push(title, '');
  lines.push(
    formatTable([
      ['rows', n(d.rows), `(${n(d.transitions)} with a known next observation)`],
      ['episodes', n(d.episodes), ''],
      ['observations', `${d.observationDim} dims`, ''],
      ['actions', actionKind, ''],
    ]).replace(/ +$/gm, ''),
    '',
    formatTable([STATS_HEADER, statsRow('episode length', d.episodeLengths), statsRow('episode return', d.episodeReturns), statsRow('step reward', d.stepRewards)]),
    '',
    formatTable([
      ['flags (rows)', 'terminal', n(d.terminals), 'timeout', n(d.timeouts)],
      ['episode ends', 'terminal', n(d.episodeEnds.terminal), 'timeout', n(d.episodeEnds.timeout), 'no flag', n(d.episodeEnds.unflagged)],
    ]),
  );
  if (d.terminals === 0 && d.timeouts === 0) {
    lines.push('  note: no terminal or timeout flags at all; episodes are split only where the next observation does not follow on');
  }
  lines.push('');
  if (d.actions.type === 'discrete') {
    lines.push(formatTable([['action', 'rows', 'share'], ...d.actions.counts.map((c, k) => [String(k), n(c), `${((100 * c) / d.rows).toFixed(1)}%`])]));
  } else {
    const a = d.actions;
    lines.push(formatTable([['action dim', 'min', 'max', 'mean', 'low', 'high'], ...a.min.map((_, k) => [String(k), n(a.min[k]), n(a.max[k]), n(a.mean[k]), n(a.low[k]), n(a.high[k])])]));
  }
  lines.push('');
  const o = d.observations;
  lines.push(formatTable([['observation dim', 'mean', 'std'], ...o.mean.map((_, k) => [String(k), n(o.mean[k]), n(o.std[k])])]));
  return lines.join('\n');
}
