/**
 * A Vega-Lite specification (plain JSON), as the spec builders of `offline-rl/plot` return it: render
 * it with {@link renderPlot}, or hand it to `vega-embed` in a page.
 *
 * @example
 * ```ts
 * const spec: PlotSpec = datasetPlotSpec(dataset);
 * JSON.stringify(spec); // a Vega-Lite v6 document
 * ```
 */
export type PlotSpec = Record<string, unknown>;

/**
 * The Vega-Lite schema the spec builders write against.
 *
 * @example
 * ```ts
 * datasetPlotSpec(dataset).$schema === VEGA_LITE_SCHEMA;
 * ```
 */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * Width of one small chart of a plot (px).
 *
 * @example
 * ```ts
 * ({ width: PANEL_WIDTH, height: PANEL_HEIGHT, mark: 'bar' });
 * ```
 */
export const PANEL_WIDTH = 260;
/**
 * Height of one small chart of a plot (px).
 *
 * @example
 * ```ts
 * ({ width: PANEL_WIDTH, height: PANEL_HEIGHT, mark: 'line' });
 * ```
 */
export const PANEL_HEIGHT = 150;
