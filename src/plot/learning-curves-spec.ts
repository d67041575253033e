import { PANEL_HEIGHT, PANEL_WIDTH, VEGA_LITE_SCHEMA, type PlotSpec } from './plot-spec';

/**
 * One line of a training metrics log: the step and the metrics read at it (`offline-rl train`
 * writes one such JSON object per line; `onProgress` gives the same numbers).
 *
 * @example
 * ```ts
 * const record: MetricsRecord = { step: 1000, 'critic/loss': 0.12, 'value/loss': 0.03 };
 * ```
 */
export interface MetricsRecord {
  step: number;
  [metric: string]: number;
}

/**
 * The Vega-Lite spec of {@link plotLearningCurves}: one small line chart per metric (`critic/loss`,
 * `actor/loss`, …) against the step, each with its own y scale, three to a row. Non-finite values are
 * left out. Pure.
 *
 * @throws RangeError when there are no records or a record has no finite `step`.
 * @example
 * ```ts
 * learningCurvesSpec([{ step: 10, 'critic/loss': 1 }, { step: 20, 'critic/loss': 0.5 }]);
 * ```
 */
export function learningCurvesSpec(records: readonly MetricsRecord[], options: { title?: string } = {}): PlotSpec {
  if (!Array.isArray(records) || records.length === 0) throw new RangeError('learningCurvesSpec: no metrics records');
  const values: Array<{ step: number; metric: string; value: number }> = [];
  records.forEach((record, i) => {
    if (!Number.isFinite(record?.step)) throw new RangeError(`learningCurvesSpec: record ${i} has no finite 'step'`);
    for (const [metric, value] of Object.entries(record)) {
      if (metric !== 'step' && typeof value === 'number' && Number.isFinite(value)) values.push({ step: record.step, metric, value });
    }
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...(options.title !== undefined ? { title: options.title } : {}),
    data: { values },
    columns: 3,
    facet: { field: 'metric', type: 'nominal', title: null, sort: null },
    spec: {
      name: 'curve',
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      mark: { type: 'line', point: false },
      encoding: {
        x: { field: 'step', type: 'quantitative', title: 'step' },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
}
