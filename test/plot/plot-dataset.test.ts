import { describe, expect, it, vi } from 'vitest';
import { createDataset } from '../../src/data';
import { DATASET_PLOT_PANELS, datasetPlotSpec, histogram, learningCurvesSpec, plotDataset, plotFormatFromPath, plotLearningCurves, renderPlot } from '../../src/plot';
import { barHeight, findAll, marksOf, parseXml, PNG_SIGNATURE } from '../helpers/svg';

// Episodes: rows 0–1 terminal, row 2 terminal, rows 3–5 timeout, rows 6–7 end of data (no flag).
const ds = createDataset({
  observations: [[0], [1], [2], [3], [4], [5], [6], [7]],
  actions: [[0], [0], [0], [0], [0], [0], [0], [0]],
  rewards: [0, 1, 1, 0, 0, 2, 0.5, 0.5],
  terminals: [0, 1, 1, 0, 0, 0, 0, 0],
  timeouts: [0, 0, 0, 0, 0, 1, 0, 0],
});

describe('histogram', () => {
  it('uses one unit bin per integer when the integers span fewer than the bins', () => {
    expect(histogram([1, 2, 2, 3])).toEqual([
      { start: 0.5, end: 1.5, count: 1 },
      { start: 1.5, end: 2.5, count: 2 },
      { start: 2.5, end: 3.5, count: 1 },
    ]);
  });

  it('splits [min, max] into equal bins, the maximum in the last', () => {
    expect(histogram([0, 0.1, 0.5, 0.9, 1], { bins: 2 })).toEqual([
      { start: 0, end: 0.5, count: 2 },
      { start: 0.5, end: 1, count: 3 },
    ]);
    const many = histogram(Float32Array.from({ length: 1000 }, (_, i) => i / 999), { bins: 10 });
    expect(many.map((b) => b.count)).toEqual(new Array(10).fill(100));
  });

  it('draws one bin around values that are all equal, and rejects bad input', () => {
    expect(histogram([0.25, 0.25])).toEqual([{ start: -0.25, end: 0.75, count: 2 }]);
    expect(() => histogram([])).toThrow(/no values/);
    expect(() => histogram([1, NaN])).toThrow(/value 1 is NaN/);
    expect(() => histogram([1], { bins: 0 })).toThrow(/bins/);
  });
});

describe('datasetPlotSpec', () => {
  it('holds the four histograms with the counts of the dataset', () => {
    const spec = datasetPlotSpec(ds) as { concat: Array<{ name: string; data: { values: Array<Record<string, number | string>> } }> };
    expect(spec.concat.map((p) => p.name)).toEqual([...DATASET_PLOT_PANELS]);
    const [rewards, lengths, returns, ends] = spec.concat.map((p) => p.data.values);
    expect(rewards.reduce((s, b) => s + (b.count as number), 0)).toBe(8);
    // lengths 2, 1, 3, 2 → unit bins 1, 2, 3
    expect(lengths).toEqual([
      { start: 0.5, end: 1.5, count: 1 },
      { start: 1.5, end: 2.5, count: 2 },
      { start: 2.5, end: 3.5, count: 1 },
    ]);
    // returns 1, 1, 2, 1 → unit bins 1, 2
    expect(returns.map((b) => b.count)).toEqual([3, 1]);
    expect(ends).toEqual([
      { end: 'terminal', count: 2 },
      { end: 'timeout', count: 1 },
      { end: 'no flag', count: 1 },
    ]);
  });
});

describe('plotDataset', () => {
  it('draws a valid SVG with the four histograms, bar heights proportional to the counts', async () => {
    const svg = parseXml(await plotDataset(ds));
    expect(svg.name).toBe('svg');
    const spec = datasetPlotSpec(ds) as { concat: Array<{ data: { values: Array<{ count: number }> } }> };
    DATASET_PLOT_PANELS.forEach((name, p) => {
      const bars = findAll(marksOf(svg, name), (e) => e.name === 'path');
      const counts = spec.concat[p].data.values.map((b) => b.count);
      expect(bars).toHaveLength(counts.length);
      const heights = bars.map(barHeight);
      const unit = heights[counts.indexOf(Math.max(...counts))] / Math.max(...counts);
      heights.forEach((h, k) => expect(h).toBeCloseTo(counts[k] * unit, 6));
    });
    const titles = findAll(svg, (e) => e.name === 'text').map((e) => e.text);
    for (const title of ['Step rewards', 'Episode lengths', 'Episode returns']) expect(titles).toContain(title);
  });

  it('draws PNG bytes when asked, at the requested scale', async () => {
    const svg = parseXml(await plotDataset(ds));
    const png = await plotDataset(ds, { format: 'png', scale: 1 });
    expect(png).toBeInstanceOf(Uint8Array);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const view = new DataView(png.buffer, png.byteOffset);
    // IHDR: width and height at bytes 16 and 20
    expect(view.getUint32(16)).toBe(Number(svg.attributes.width));
    expect(view.getUint32(20)).toBe(Number(svg.attributes.height));
  });

  it('rejects a bad format or scale', async () => {
    await expect(renderPlot(datasetPlotSpec(ds), { format: 'gif' as 'svg' })).rejects.toThrow(/format must be 'svg' or 'png'/);
    await expect(renderPlot(datasetPlotSpec(ds), { format: 'png', scale: 0 })).rejects.toThrow(/scale/);
  });
});

describe('plotLearningCurves', () => {
  it('draws one line per metric with one point per record', async () => {
    const records = [1, 2, 3, 4].map((step) => ({ step: step * 10, 'critic/loss': 1 / step, 'actor/loss': -step }));
    const spec = learningCurvesSpec(records) as { data: { values: unknown[] } };
    expect(spec.data.values).toHaveLength(8);
    const svg = parseXml(await plotLearningCurves(records));
    const curveGroups = findAll(svg, (e) => e.name === 'g' && (e.attributes.class ?? '').includes('curve_marks'));
    expect(curveGroups).toHaveLength(2);
    for (const g of curveGroups) {
      const paths = findAll(g, (e) => e.name === 'path');
      expect(paths).toHaveLength(1);
      // 4 points: a move and 3 line segments
      expect((paths[0].attributes.d.match(/L/g) ?? []).length).toBe(3);
    }
    const labels = findAll(svg, (e) => e.name === 'text').map((e) => e.text);
    expect(labels).toEqual(expect.arrayContaining(['critic/loss', 'actor/loss']));
  });

  it('rejects an empty log or a record with no step', () => {
    expect(() => learningCurvesSpec([])).toThrow(/no metrics records/);
    expect(() => learningCurvesSpec([{ 'critic/loss': 1 } as never])).toThrow(/record 0 has no finite 'step'/);
  });
});

describe('plot formats and missing packages', () => {
  it('tells the format from the file name', () => {
    expect(plotFormatFromPath('a/b.svg')).toBe('svg');
    expect(plotFormatFromPath('curves.PNG')).toBe('png');
    expect(() => plotFormatFromPath('plot.jpg')).toThrow(/plot.jpg.*\.svg or \.png/);
  });

  it('says what to install when a plotting package is missing', async () => {
    vi.resetModules();
    vi.doMock('@resvg/resvg-js', () => {
      throw new Error("Cannot find package '@resvg/resvg-js'");
    });
    try {
      const plot = await import('../../src/plot');
      await expect(plot.plotDataset(ds, { format: 'png' })).rejects.toThrow(/PNG pictures need the optional package '@resvg\/resvg-js'.*`npm install @resvg\/resvg-js`/);
    } finally {
      vi.doUnmock('@resvg/resvg-js');
    }
  });
});
