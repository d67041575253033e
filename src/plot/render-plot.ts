import type { PlotSpec } from './plot-spec';

/**
 * Picture formats of `offline-rl/plot`: SVG text, or PNG bytes.
 *
 * @example
 * ```ts
 * const format: PlotFormat = 'png';
 * ```
 */
export type PlotFormat = 'svg' | 'png';

/**
 * Options of {@link renderPlot}, {@link plotDataset} and {@link plotLearningCurves}.
 *
 * @example
 * ```ts
 * const options: RenderOptions = { format: 'png', scale: 2 };
 * ```
 */
export interface RenderOptions {
  /** `'svg'` (default) returns the SVG text; `'png'` returns PNG bytes. */
  format?: PlotFormat;
  /** PNG only: pixels per SVG unit. Default {@link DEFAULT_PNG_SCALE}. */
  scale?: number;
}

/**
 * Pixels per SVG unit of a PNG when `scale` is not given: sharp on high-density screens.
 *
 * @example
 * ```ts
 * renderPlot(spec, { format: 'png' }); // drawn at DEFAULT_PNG_SCALE = 2
 * ```
 */
export const DEFAULT_PNG_SCALE = 2;

/**
 * The optional packages plots need, by what needs them; installed by the user, never bundled.
 *
 * @example
 * ```ts
 * PLOT_PACKAGES.png; // ['@resvg/resvg-js']
 * ```
 */
export const PLOT_PACKAGES = Object.freeze({ svg: ['vega', 'vega-lite@6.4'], png: ['vega', 'vega-lite@6.4', '@resvg/resvg-js'] } as const);

interface VegaModule {
  parse(spec: unknown): unknown;
  View: new (runtime: unknown, options: { renderer: 'none' }) => { toSVG(): Promise<string>; finalize(): void };
}
interface VegaLiteModule {
  compile(spec: unknown): { spec: unknown };
}
interface ResvgModule {
  Resvg: new (svg: string, options: { fitTo: { mode: 'zoom'; value: number }; font?: { loadSystemFonts: boolean } }) => { render(): { asPng(): Uint8Array } };
}

/**
 * Imports an optional package by a computed name (so bundlers leave it alone), with an error that
 * says what to install when it is missing.
 */
async function importOptional<T extends object>(name: string, format: PlotFormat, member: keyof T): Promise<T> {
  try {
    const mod = (await import(/* @vite-ignore */ /* webpackIgnore: true */ name)) as T & { default?: T };
    // An ES module has its members on the namespace; a CommonJS one (resvg) may only have them on `default`.
    return member in mod ? mod : (mod.default as T);
  } catch (err) {
    const install = PLOT_PACKAGES[format].find((pkg) => pkg === name || pkg.startsWith(`${name}@`)) ?? name;
    const all = PLOT_PACKAGES[format].join(', ');
    throw new Error(`offline-rl/plot: ${format.toUpperCase()} pictures need the optional package '${name}', which could not be loaded; install it with \`npm install ${install}\` (${format.toUpperCase()} needs ${all})`, {
      cause: err,
    });
  }
}

/**
 * Renders a Vega-Lite spec headless (no browser, no canvas): Vega-Lite compiles it, Vega draws it to
 * SVG text, and for `format: 'png'` resvg rasterises the SVG. `vega` and `vega-lite` (and
 * `@resvg/resvg-js` for PNG) are optional peers: install them to draw; the error says so otherwise.
 *
 * @throws Error naming the package to install when one is missing; RangeError for a bad format or scale.
 * @example
 * ```ts
 * import { learningCurvesSpec, renderPlot } from 'offline-rl/plot';
 * const svg = await renderPlot(learningCurvesSpec(records));
 * const png = await renderPlot(learningCurvesSpec(records), { format: 'png' });
 * ```
 */
export async function renderPlot(spec: PlotSpec, options?: RenderOptions & { format?: 'svg' }): Promise<string>;
export async function renderPlot(spec: PlotSpec, options: RenderOptions & { format: 'png' }): Promise<Uint8Array>;
export async function renderPlot(spec: PlotSpec, options?: RenderOptions): Promise<string | Uint8Array>;
export async function renderPlot(spec: PlotSpec, options: RenderOptions = {}): Promise<string | Uint8Array> {
  const format = options.format ?? 'svg';
  if (format !== 'svg' && format !== 'png') throw new RangeError(`renderPlot: format must be 'svg' or 'png', got '${String(format)}'`);
  const scale = options.scale ?? DEFAULT_PNG_SCALE;
  if (!(typeof scale === 'number' && scale > 0 && Number.isFinite(scale))) throw new RangeError(`renderPlot: scale must be a positive number, got ${String(scale)}`);
  const vega = await importOptional<VegaModule>('vega', format, 'View');
  const vegaLite = await importOptional<VegaLiteModule>('vega-lite', format, 'compile');
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  if (format === 'svg') return svg;
  const { Resvg } = await importOptional<ResvgModule>('@resvg/resvg-js', format, 'Resvg');
  return new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: { loadSystemFonts: true } }).render().asPng();
}

/**
 * The picture format a file name asks for: `.svg` → `'svg'`, `.png` → `'png'` (any case).
 *
 * @throws RangeError naming the file for any other extension.
 * @example
 * ```ts
 * plotFormatFromPath('curves.PNG'); // 'png'
 * ```
 */
export function plotFormatFromPath(path: string): PlotFormat {
  const lower = String(path).toLowerCase();
  if (lower.endsWith('.svg')) return 'svg';
  if (lower.endsWith('.png')) return 'png';
  throw new RangeError(`plot: cannot tell the picture format of '${path}'; use a name ending in .svg or .png`);
}
