/**
 * `offline-rl/plot`: pictures of datasets and training runs — {@link plotDataset} (four histograms
 * of a dataset), {@link plotLearningCurves} (a metrics log), and the Vega-Lite specs behind them.
 * Drawing needs the optional packages `vega` and `vega-lite@6.4` (SVG) and `@resvg/resvg-js` (PNG),
 * loaded on first use; the spec builders and {@link histogram} need nothing. Kept out of the core
 * entry so that `import … from 'offline-rl'` never reaches them.
 *
 * @example
 * ```ts
 * import { plotDataset } from 'offline-rl/plot';
 * const svg = await plotDataset(dataset);
 * ```
 *
 * @packageDocumentation
 */
export { histogram, DEFAULT_HISTOGRAM_BINS } from './plot/histogram';
export type { HistogramBin } from './plot/histogram';
export { VEGA_LITE_SCHEMA } from './plot/plot-spec';
export type { PlotSpec } from './plot/plot-spec';
export { datasetPlotSpec, DATASET_PLOT_PANELS } from './plot/dataset-plot-spec';
export { learningCurvesSpec } from './plot/learning-curves-spec';
export type { MetricsRecord } from './plot/learning-curves-spec';
export { renderPlot, plotFormatFromPath, DEFAULT_PNG_SCALE, PLOT_PACKAGES } from './plot/render-plot';
export type { PlotFormat, RenderOptions } from './plot/render-plot';
export { plotDataset, plotLearningCurves } from './plot/plot-dataset';
