import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { algorithmNames, resolveAlgorithmConfig, type AlgorithmName } from 'offline-rl';
import { renderPlot } from 'offline-rl/plot';
import { aggregate, meanStd, trainTimes } from '../../bench/results-table/aggregate';
import { heatmapSpec } from '../../bench/results-table/heatmap-spec';
import { formatEntry, MISSING, renderMarkdown } from '../../bench/results-table/markdown';
import { cellConfig, defaultBudget, planCells, quickBudget, TASKS, tableVariants, type Cell, type TableBudget } from '../../bench/results-table/plan';
import { cellStatus, currentCells, emptyResults, readResults, sameJson, writeResults, type CellResult } from '../../bench/results-table/results-file';
import { pendingCells, runCells, type CellOutcome } from '../../bench/results-table/run-cells';

const tmp = () => mkdtempSync(join(tmpdir(), 'results-table-'));
const FIXED = () => new Date('2026-12-02T12:00:00.000Z');
const small: TableBudget = { ...quickBudget(), seeds: 2 };
const [pendulumMedium, pointMazeMixed] = [TASKS.find((t) => t.id === 'pendulum-medium')!, TASKS.find((t) => t.id === 'point-maze-mixed')!];

/** A fake cell runner: the score is a function of the key, so a result tells which cell made it. */
const scoreOf = (key: string) => [...key].reduce((s, c) => s + c.charCodeAt(0), 0) % 100;
function fakeRunner(calls: string[], opts: { failOn?: string; hangOn?: string } = {}) {
  return async (cell: Cell): Promise<CellOutcome> => {
    calls.push(cell.key);
    await new Promise((r) => setTimeout(r, (scoreOf(cell.key) % 3) + 1)); // finish out of order
    if (cell.key === opts.hangOn) await new Promise(() => {}); // the session ends here
    if (cell.key === opts.failOn) throw new Error(`non-finite loss in ${cell.key}`);
    return { score: scoreOf(cell.key), return: -scoreOf(cell.key), returnStd: 1, trainSeconds: 2, evalSeconds: 0.5 };
  };
}

describe('plan: variants come from the registry', () => {
  it('gives BC and 10%BC for bc, one column per IQL extraction, and a default column for an unknown algorithm', () => {
    const variants = tableVariants(['iql', 'bc', 'td3bc', 'newalgo']);
    expect(variants.map((v) => v.id)).toEqual(['bc', 'bc-10', 'td3bc', 'iql', 'iql-ddpg', 'iql-dawr', 'newalgo']);
    expect(variants.find((v) => v.id === 'bc-10')?.config).toEqual({ topFraction: 0.1 });
    expect(variants.find((v) => v.id === 'iql-ddpg')?.config).toEqual({ extraction: 'ddpg' });
    expect(variants.find((v) => v.id === 'iql-dawr')?.config).toEqual({ extraction: 'discrete-awr' });
    expect(variants.find((v) => v.id === 'newalgo')).toEqual({ id: 'newalgo', label: 'NEWALGO', algorithm: 'newalgo', config: {} });
  });

  it('covers every registered algorithm by default', () => {
    const algorithms = new Set(tableVariants().map((v) => v.algorithm));
    expect([...algorithms].sort()).toEqual([...algorithmNames()].sort());
  });

  it('builds configs every trainer accepts, with the per-domain settings only where they belong', () => {
    const budget = defaultBudget();
    for (const task of TASKS) {
      for (const variant of tableVariants()) {
        const cfg = cellConfig(task, variant, 1, budget);
        // The trainer's own validation: an unknown or misnamed field would throw here.
        const resolved = resolveAlgorithmConfig(variant.algorithm as AlgorithmName, cfg) as unknown as Record<string, unknown>;
        expect(resolved.steps).toBe(budget.steps);
        expect(resolved.hiddenDims).toEqual(budget.hiddenDims);
        expect(resolved.seed).toBe(1);
        for (const [k, v] of Object.entries(variant.config)) expect(resolved[k]).toEqual(v);
      }
    }
    const iql = tableVariants(['iql']);
    expect(cellConfig(pendulumMedium, iql[1], 0, budget)).toMatchObject({ discount: 0.95, beta: 10, extraction: 'ddpg' });
    expect(cellConfig(pointMazeMixed, iql[0], 0, budget)).not.toHaveProperty('beta');
    expect(cellConfig(pointMazeMixed, iql[0], 0, budget)).not.toHaveProperty('discount');
    // BC has no discount: the pendulum's common discount is not passed to it.
    expect(cellConfig(pendulumMedium, tableVariants(['bc'])[0], 0, budget)).not.toHaveProperty('discount');
  });

  it('plans tasks × variants × seeds cells, seed-major, with one dataset per task and one evaluation seed per training seed', () => {
    const variants = tableVariants(['bc', 'iql']);
    const cells = planCells(TASKS, variants, small);
    expect(cells).toHaveLength(TASKS.length * variants.length * 2);
    expect(new Set(cells.map((c) => c.key)).size).toBe(cells.length);
    const perSeed = TASKS.length * variants.length;
    expect(cells.slice(0, perSeed).every((c) => c.seed === 0)).toBe(true);
    expect(cells.slice(perSeed).every((c) => c.seed === 1)).toBe(true);
    const ofTask = cells.filter((c) => c.task.id === 'point-maze-mixed');
    expect(new Set(ofTask.map((c) => JSON.stringify(c.spec.data))).size).toBe(1);
    expect(ofTask[0].spec.data).toMatchObject({ layout: small.mazeLayout, reward: small.mazeReward, size: small.datasetSize });
    expect(new Set(cells.map((c) => `${c.seed}:${c.spec.evaluation.seed}`)).size).toBe(2);
  });

  it('runs the cells of slow variants after all the others', () => {
    const variants = [...tableVariants(['bc']), { id: 'slowpoke', label: 'SLOW', algorithm: 'bc', config: {}, slow: true }];
    const cells = planCells(TASKS.slice(0, 2), variants, small);
    expect(cells.map((c) => `${c.seed}:${c.task.id}:${c.variant.id}`)).toEqual([
      '0:pendulum-random:bc', '0:pendulum-random:bc-10', '0:pendulum-medium:bc', '0:pendulum-medium:bc-10',
      '1:pendulum-random:bc', '1:pendulum-random:bc-10', '1:pendulum-medium:bc', '1:pendulum-medium:bc-10',
      '0:pendulum-random:slowpoke', '0:pendulum-medium:slowpoke', '1:pendulum-random:slowpoke', '1:pendulum-medium:slowpoke',
    ]);
  });
});

describe('results file', () => {
  const cells = planCells([pendulumMedium], tableVariants(['bc']), small);
  const stored = (cell: Cell, extra: Partial<CellResult> = {}): CellResult => ({
    key: cell.key, task: cell.task.id, variant: cell.variant.id, seed: cell.seed, spec: cell.spec,
    score: 10, return: -900, returnStd: 50, trainSeconds: 3, evalSeconds: 1, finishedAt: FIXED().toISOString(), machine: 'test', ...extra,
  });

  it('reads a missing file as empty, and round-trips a document with no temporary file left', async () => {
    const dir = tmp();
    const path = join(dir, 'results.json');
    expect(readResults(path)).toEqual(emptyResults());
    const doc = emptyResults();
    doc.cells[cells[0].key] = stored(cells[0]);
    await writeResults(path, doc);
    expect(readResults(path)).toEqual(doc);
    expect(readdirSync(dir)).toEqual(['results.json']);
  });

  it('rejects a bad file with its path, the cell and the field', () => {
    const dir = tmp();
    const path = join(dir, 'results.json');
    writeFileSync(path, '{"format": "offline-rl-results-table", "version": 1, "sessions": [], "cells": {');
    expect(() => readResults(path)).toThrow(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON`));
    const doc = emptyResults();
    doc.cells[cells[0].key] = { ...stored(cells[0]), score: null as unknown as number };
    writeFileSync(path, JSON.stringify(doc));
    expect(() => readResults(path)).toThrow(`cell '${cells[0].key}': field 'score' must be a finite number, got null`);
    writeFileSync(path, JSON.stringify({ format: 'something-else' }));
    expect(() => readResults(path)).toThrow(/not a results-table file/);
  });

  it('tells done, failed, stale and todo cells apart by their spec', () => {
    const doc = emptyResults();
    doc.cells[cells[0].key] = stored(cells[0]);
    doc.cells[cells[1].key] = stored(cells[1], { error: 'boom', score: undefined });
    const other = planCells([pendulumMedium], tableVariants(['bc']), { ...small, steps: small.steps + 1 });
    doc.cells[cells[2].key] = stored(other[2]); // stored under an older budget
    expect(cells.map((c) => cellStatus(doc, c))).toEqual(['done', 'failed', 'stale', 'todo']);
    expect([...currentCells(doc, cells).keys()]).toEqual([cells[0].key, cells[1].key]);
    expect(sameJson({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
  });
});

describe('runCells: resumable', () => {
  const cells = planCells(TASKS.slice(0, 2), tableVariants(['bc', 'td3bc']), small); // 2 tasks × 3 variants × 2 seeds = 12

  it('stores every cell as it finishes; a rerun trains nothing', async () => {
    const path = join(tmp(), 'results.json');
    const calls: string[] = [];
    const result = await runCells(path, emptyResults(), cells, fakeRunner(calls), { lanes: 2, machine: 'test', now: FIXED });
    expect(result).toEqual({ ran: 12, failed: 0 });
    expect([...calls].sort()).toEqual(cells.map((c) => c.key).sort());
    const onDisk = readResults(path);
    expect(Object.keys(onDisk.cells).sort()).toEqual(cells.map((c) => c.key).sort());
    for (const cell of cells) expect(onDisk.cells[cell.key]).toMatchObject({ score: scoreOf(cell.key), spec: cell.spec, finishedAt: FIXED().toISOString() });

    const again: string[] = [];
    expect(await runCells(path, readResults(path), cells, fakeRunner(again), { lanes: 2, machine: 'test' })).toEqual({ ran: 0, failed: 0 });
    expect(again).toEqual([]);
  });

  it('after a session ends mid-run, the file holds exactly the finished cells and the restart runs only the rest', async () => {
    const path = join(tmp(), 'results.json');
    const calls: string[] = [];
    const hangOn = cells[5].key;
    // One lane: cells 0–4 finish, cell 5 never does (the process is killed there).
    void runCells(path, emptyResults(), cells, fakeRunner(calls, { hangOn }), { lanes: 1, machine: 'test' });
    await expect.poll(() => calls.length, { timeout: 5000 }).toBe(6);
    await new Promise((r) => setTimeout(r, 50));
    const partial = readResults(path);
    expect(Object.keys(partial.cells).sort()).toEqual(cells.slice(0, 5).map((c) => c.key).sort());

    const restart: string[] = [];
    await runCells(path, readResults(path), cells, fakeRunner(restart), { lanes: 2, machine: 'test' });
    expect([...restart].sort()).toEqual(cells.slice(5).map((c) => c.key).sort());
    expect(Object.keys(readResults(path).cells)).toHaveLength(12);
  });

  it('stores a failed cell with its error, skips it on restart, and reruns it with retryFailed; reruns stale cells', async () => {
    const path = join(tmp(), 'results.json');
    const failOn = cells[3].key;
    expect(await runCells(path, emptyResults(), cells, fakeRunner([], { failOn }), { lanes: 2, machine: 'test' })).toEqual({ ran: 12, failed: 1 });
    expect(readResults(path).cells[failOn].error).toBe(`non-finite loss in ${failOn}`);
    expect(pendingCells(readResults(path), cells)).toEqual([]);
    expect(pendingCells(readResults(path), cells, true).map((c) => c.key)).toEqual([failOn]);

    const retry: string[] = [];
    await runCells(path, readResults(path), cells, fakeRunner(retry), { lanes: 2, machine: 'test', retryFailed: true });
    expect(retry).toEqual([failOn]);
    expect(readResults(path).cells[failOn].error).toBeUndefined();

    // A longer budget: every stored cell is stale and runs again.
    const longer = planCells(TASKS.slice(0, 2), tableVariants(['bc', 'td3bc']), { ...small, steps: small.steps * 2 });
    expect(pendingCells(readResults(path), longer)).toHaveLength(12);
  });
});

describe('aggregation and rendering', () => {
  const variants = tableVariants(['bc', 'iql']);
  const cells = planCells([pendulumMedium, pointMazeMixed], variants, { ...small, seeds: 3 });
  const results = new Map<string, CellResult>();
  const put = (key: string, score: number | undefined, trainSeconds = 10) => {
    const cell = cells.find((c) => c.key === key)!;
    results.set(key, {
      key, task: cell.task.id, variant: cell.variant.id, seed: cell.seed, spec: cell.spec, trainSeconds, finishedAt: FIXED().toISOString(), machine: 'test',
      ...(score === undefined ? { error: 'boom' } : { score, return: score, returnStd: 0, evalSeconds: 1 }),
    });
  };
  ['0', '1', '2'].forEach((s, i) => put(`pendulum-medium/iql/${s}`, [10, 20, 30][i], [10, 20, 30][i]));
  put('pendulum-medium/bc/0', 5);
  put('pendulum-medium/bc/2', 7);
  put('point-maze-mixed/bc/1', undefined);
  const entries = aggregate(cells, results);

  it('gives mean ± population std over the finished seeds, and counts planned, finished and failed seeds', () => {
    expect(meanStd([10, 20, 30])).toEqual({ mean: 20, std: Math.sqrt(200 / 3) });
    expect(meanStd([])).toBeUndefined();
    expect(entries.get('pendulum-medium/iql')).toMatchObject({ scores: [10, 20, 30], mean: 20, planned: 3, failed: 0 });
    expect(entries.get('pendulum-medium/iql')?.std).toBeCloseTo(8.16497, 4);
    expect(entries.get('pendulum-medium/bc')).toMatchObject({ scores: [5, 7], mean: 6, std: 1, planned: 3 });
    expect(entries.get('point-maze-mixed/bc')).toMatchObject({ scores: [], failed: 1, planned: 3 });
    expect(entries.get('point-maze-mixed/iql')?.mean).toBeUndefined();
    expect(entries.size).toBe(2 * variants.length);
    expect(trainTimes(cells, results).get('iql')?.get('pendulum')).toBe(20);
  });

  it('formats entries: complete, partial, failed and missing', () => {
    expect(formatEntry(entries.get('pendulum-medium/iql'))).toBe('20.0 ± 8.2');
    expect(formatEntry(entries.get('pendulum-medium/bc'))).toBe('6.0 ± 1.0 (2/3)');
    expect(formatEntry(entries.get('point-maze-mixed/bc'))).toBe('failed (1/3)');
    expect(formatEntry(entries.get('point-maze-mixed/iql'))).toBe(MISSING);
    expect(formatEntry(undefined)).toBe(MISSING);
    expect(formatEntry({ task: 't', variant: 'v', scores: [42], mean: 42, std: 0, planned: 3, failed: 0 })).toBe('42.0 (1/3)');
  });

  it('renders the table with the budget, settings, command, progress and the missing entries marked', () => {
    const budget = { ...small, seeds: 3 };
    const md = renderMarkdown({
      tasks: [pendulumMedium, pointMazeMixed], variants, budget, entries,
      dataScores: new Map([['pendulum-medium', 30.14]]),
      times: trainTimes(cells, results),
      sessions: [{ startedAt: '2026-12-01T10:00:00.000Z', command: 'npm run table', machine: 'CPU × 2 cores', load1: 3.25 }],
      lastFinished: '2026-12-02T11:00:00.000Z', command: 'npm run table', picture: 'results-table.svg',
    });
    const rows = md.split('\n');
    expect(rows).toContain(`| task | data | ${variants.map((v) => v.label).join(' | ')} |`);
    expect(rows).toContain(`| pendulum-medium | 30.1 | 6.0 ± 1.0 (2/3) | ${MISSING} | 20.0 ± 8.2 | ${MISSING} | ${MISSING} |`);
    expect(rows).toContain(`| point-maze-mixed | ${MISSING} | failed (1/3) | ${MISSING} | ${MISSING} | ${MISSING} | ${MISSING} |`);
    expect(md).toContain(`**${budget.steps.toLocaleString('en-US')} gradient updates**`);
    expect(md).toContain('networks `[16,16]`');
    expect(md).toContain('`discount: 0.95` for every algorithm that has it; `beta: 10` for every `iql` variant');
    expect(md).not.toContain('Per-algorithm settings'); // no CQL column here
    const withCql = renderMarkdown({ tasks: [pendulumMedium], variants: tableVariants(['cql']), budget, entries: new Map(), dataScores: new Map(), times: new Map(), sessions: [], command: 'npm run table' });
    expect(withCql).toContain('**Per-algorithm settings** (every domain): `cql` `policyLearningRate: 0.0001` (');
    expect(withCql).toContain('**Run**: not run yet');
    expect(md).toContain('**Run**: 2026-12-01 to 2026-12-02; machine: CPU × 2 cores; command: `npm run table`');
    expect(md).toContain('**Progress**: 5 of 30 runs finished, 1 failed; 24 missing.');
    expect(md).toContain('![Normalized scores, task × algorithm](results-table.svg)');
    expect(md).toContain(
      '**Entries with missing seeds** (9): pendulum-medium/bc, pendulum-medium/bc-10, pendulum-medium/iql-ddpg, pendulum-medium/iql-dawr, ' +
        'point-maze-mixed/bc, point-maze-mixed/bc-10, point-maze-mixed/iql, point-maze-mixed/iql-ddpg, point-maze-mixed/iql-dawr.',
    );
  });

  it('draws a heat-map with one cell per task and variant, blank where nothing finished', async () => {
    const spec = heatmapSpec([pendulumMedium, pointMazeMixed], variants, entries, 'test');
    const values = (spec.data as { values: Array<{ task: string; variant: string; mean: number | null; text: string }> }).values;
    expect(values).toHaveLength(2 * variants.length);
    expect(values.find((v) => v.task === 'pendulum-medium' && v.variant === 'IQL (AWR)')).toMatchObject({ mean: 20, text: '20 ± 8' });
    expect(values.find((v) => v.task === 'pendulum-medium' && v.variant === 'BC')).toMatchObject({ mean: 6, text: '6 ± 1*' });
    expect(values.find((v) => v.task === 'point-maze-mixed' && v.variant === 'BC')).toMatchObject({ mean: null, text: 'failed' });
    expect(values.find((v) => v.task === 'point-maze-mixed' && v.variant === 'IQL (AWR)')).toMatchObject({ mean: null, text: MISSING });
    const one = heatmapSpec([pendulumMedium], variants.slice(0, 1), new Map([['pendulum-medium/bc', { task: 'pendulum-medium', variant: 'bc', scores: [66.1], mean: 66.1, std: 0, planned: 3, failed: 0 }]]), 'one seed');
    expect((one.data as { values: Array<{ text: string }> }).values[0].text).toBe('66*'); // one seed: no spread shown
    const svg = await renderPlot(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('20 ± 8');
  });
});

