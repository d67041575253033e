/**
 * The results table's picture: a heat-map of the mean normalized score, task × variant, each cell
 * labelled `mean ± std`; missing entries are left blank with the missing marker. A Vega-Lite spec,
 * drawn with `renderPlot` from offline-rl/plot. Pure.
 */
import { VEGA_LITE_SCHEMA, type PlotSpec } from 'offline-rl/plot';
import type { TableEntry } from './aggregate';
import { MISSING } from './markdown';
import type { TableTask, TableVariant } from './plan';

/** Width and height of one heat-map cell (px). */
const CELL_WIDTH = 86;
const CELL_HEIGHT = 30;
/** Scores are coloured on [0, 100] (random to scripted controller), clamped outside. */
const COLOR_DOMAIN = [0, 100];
/** Above this mean the cell is dark, so its label is white. */
const DARK_ABOVE = 60;

/**
 * The heat-map spec.
 *
 * @example
 * ```ts
 * const svg = await renderPlot(heatmapSpec(TASKS, variants, entries, 'Normalized score, 3 seeds'));
 * ```
 */
export function heatmapSpec(tasks: readonly TableTask[], variants: readonly TableVariant[], entries: ReadonlyMap<string, TableEntry>, title: string): PlotSpec {
  const values = tasks.flatMap((task) =>
    variants.map((variant) => {
      const entry = entries.get(`${task.id}/${variant.id}`);
      const mean = entry?.mean ?? null;
      const partial = entry && entry.scores.length > 0 && entry.scores.length < entry.planned ? '*' : '';
      const failed = entry !== undefined && entry.failed > 0 ? '!' : '';
      const empty = entry !== undefined && entry.failed > 0 ? 'failed' : MISSING;
      const text = mean === null || entry?.std === undefined ? empty : `${mean.toFixed(0)}${entry.scores.length > 1 ? ` ± ${entry.std.toFixed(0)}` : ''}${partial}${failed}`;
      return { task: task.id, variant: variant.label, mean, text };
    }),
  );
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title, subtitle: `* = not every seed finished; ! = some seed failed; ${MISSING} = no seed finished` },
    width: CELL_WIDTH * variants.length,
    height: CELL_HEIGHT * tasks.length,
    data: { values },
    encoding: {
      x: { field: 'variant', type: 'nominal', sort: variants.map((v) => v.label), axis: { title: null, labelAngle: -30, orient: 'top' } },
      y: { field: 'task', type: 'nominal', sort: tasks.map((t) => t.id), axis: { title: null } },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          color: { field: 'mean', type: 'quantitative', title: 'normalized score', scale: { scheme: 'blues', domain: COLOR_DOMAIN, clamp: true } },
        },
      },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: 'text', type: 'nominal' },
          color: { condition: { test: `datum.mean !== null && datum.mean > ${DARK_ABOVE}`, value: 'white' }, value: 'black' },
        },
      },
    ],
    config: { view: { stroke: null }, axis: { domain: false, ticks: false } },
  };
}
