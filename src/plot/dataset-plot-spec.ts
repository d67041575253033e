import { describeDataset, episodeLengths, episodeReturns, type Dataset } from 'offline-rl';
import { histogram, type HistogramBin } from './histogram';
import { PANEL_HEIGHT, PANEL_WIDTH, VEGA_LITE_SCHEMA, type PlotSpec } from './plot-spec';

/**
 * Names of the four panels of {@link datasetPlotSpec}, in drawing order (their marks are named
 * `<name>_marks` in the SVG).
 *
 * @example
 * ```ts
 * DATASET_PLOT_PANELS[3]; // 'episode_ends'
 * ```
 */
export const DATASET_PLOT_PANELS = ['step_rewards', 'episode_lengths', 'episode_returns', 'episode_ends'] as const;

/** Counts are whole numbers: no ticks at 0.5. */
const COUNT_AXIS = { tickMinStep: 1, format: 'd' };

function histogramPanel(name: string, title: string, axis: string, bins: HistogramBin[]): PlotSpec {
  return {
    name,
    title,
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    data: { values: bins },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'start', type: 'quantitative', bin: 'binned', title: axis },
      x2: { field: 'end' },
      y: { field: 'count', type: 'quantitative', title: 'count', axis: COUNT_AXIS },
    },
  };
}

/**
 * The Vega-Lite spec of {@link plotDataset}: four histograms in a 2 × 2 grid — step rewards (per
 * row), episode lengths and episode returns (per episode), and how episodes end (terminal flag,
 * timeout flag, or no flag at all). Bins are counted here (see {@link histogram}), so the spec stays
 * small for a million-row dataset. Pure.
 *
 * @example
 * ```ts
 * import { datasetPlotSpec } from 'offline-rl/plot';
 * const spec = datasetPlotSpec(dataset); // hand to vega-embed in a page, or renderPlot(spec)
 * ```
 */
export function datasetPlotSpec(dataset: Dataset, options: { bins?: number; title?: string } = {}): PlotSpec {
  const d = describeDataset(dataset);
  const { bins } = options;
  const ends = [
    { end: 'terminal', count: d.episodeEnds.terminal },
    { end: 'timeout', count: d.episodeEnds.timeout },
    { end: 'no flag', count: d.episodeEnds.unflagged },
  ];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: options.title ?? `${d.rows} rows, ${d.episodes} episodes`,
    columns: 2,
    concat: [
      histogramPanel(DATASET_PLOT_PANELS[0], 'Step rewards', 'reward', histogram(dataset.rewards, { bins })),
      histogramPanel(DATASET_PLOT_PANELS[1], 'Episode lengths', 'steps', histogram(episodeLengths(dataset), { bins })),
      histogramPanel(DATASET_PLOT_PANELS[2], 'Episode returns', 'return', histogram(episodeReturns(dataset), { bins })),
      {
        name: DATASET_PLOT_PANELS[3],
        title: { text: 'Episode ends', subtitle: `rows flagged: ${d.terminals} terminal, ${d.timeouts} timeout` },
        width: PANEL_WIDTH,
        height: PANEL_HEIGHT,
        data: { values: ends },
        mark: { type: 'bar', tooltip: true },
        encoding: {
          x: { field: 'end', type: 'nominal', sort: null, title: 'last row of the episode', axis: { labelAngle: 0 } },
          y: { field: 'count', type: 'quantitative', title: 'episodes', axis: COUNT_AXIS },
        },
      },
    ],
  };
}
