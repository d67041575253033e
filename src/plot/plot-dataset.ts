import type { Dataset } from 'offline-rl';
import { datasetPlotSpec } from './dataset-plot-spec';
import { learningCurvesSpec, type MetricsRecord } from './learning-curves-spec';
import { renderPlot, type RenderOptions } from './render-plot';

/**
 * The overview to make for every dataset, as one picture: four histograms — step rewards, episode
 * lengths, episode returns, and how episodes end (terminal flag, timeout flag, no flag). It shows at
 * a glance, for example, that an AntMaze file has no done signals or that half its episodes are two
 * steps long. SVG text by default; PNG bytes with `{ format: 'png' }`. Needs the optional packages
 * `vega` and `vega-lite` (and `@resvg/resvg-js` for PNG).
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { plotDataset } from 'offline-rl/plot';
 * await writeFile('dataset.svg', await plotDataset(dataset));
 * await writeFile('dataset.png', await plotDataset(dataset, { format: 'png' }));
 * ```
 */
export async function plotDataset(dataset: Dataset, options?: RenderOptions & { format?: 'svg' }): Promise<string>;
export async function plotDataset(dataset: Dataset, options: RenderOptions & { format: 'png' }): Promise<Uint8Array>;
export async function plotDataset(dataset: Dataset, options?: RenderOptions): Promise<string | Uint8Array>;
export async function plotDataset(dataset: Dataset, options: RenderOptions = {}): Promise<string | Uint8Array> {
  return renderPlot(datasetPlotSpec(dataset), options);
}

/**
 * Learning curves as one picture: a line chart per metric against the step, from the records of a
 * metrics log (one per log step, as `offline-rl train` writes them or `onProgress` reports them).
 * SVG text by default; PNG bytes with `{ format: 'png' }`.
 *
 * @example
 * ```ts
 * const records: MetricsRecord[] = [];
 * await trainIQL(dataset, { onProgress: (p) => records.push({ step: p.step, ...p.metrics }) });
 * await writeFile('curves.svg', await plotLearningCurves(records));
 * ```
 */
export async function plotLearningCurves(records: readonly MetricsRecord[], options?: RenderOptions & { format?: 'svg' }): Promise<string>;
export async function plotLearningCurves(records: readonly MetricsRecord[], options: RenderOptions & { format: 'png' }): Promise<Uint8Array>;
export async function plotLearningCurves(records: readonly MetricsRecord[], options?: RenderOptions): Promise<string | Uint8Array>;
export async function plotLearningCurves(records: readonly MetricsRecord[], options: RenderOptions = {}): Promise<string | Uint8Array> {
  return renderPlot(learningCurvesSpec(records), options);
}
