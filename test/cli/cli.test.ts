import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { algorithmNames, createDataset, describeDataset, envs, evaluate, loadAgent, useBackend } from '../../src/index';
import { loadDataset } from '../../src/io';
import { barHeight, findAll, marksOf, parseXml, PNG_SIGNATURE } from '../helpers/svg';
import { ROOT, runCli, startCli } from './run-cli';

let dir: string;
const path = (name: string) => join(dir, name);

// Episodes: rows 0–1 and row 2 end by a terminal, rows 3–5 by a timeout, rows 6–7 by the end of the data.
const SMALL = {
  observations: [[0], [1], [2], [3], [4], [5], [6], [7]],
  actions: [[0.5], [-0.5], [0], [1], [-1], [0.25], [0], [0]],
  rewards: [0, 1, 1, 0, 0, 2, 0.5, 0.5],
  terminals: [0, 1, 1, 0, 0, 0, 0, 0],
  timeouts: [0, 0, 0, 0, 0, 1, 0, 0],
};
// Tiny networks and batches: the runs check the plumbing, not learning.
const TINY = { batchSize: 16, hiddenDims: [8] };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'offline-rl-cli-'));
  writeFileSync(path('small.json'), JSON.stringify(SMALL));
  writeFileSync(path('maze.json'), JSON.stringify(envs.pointMazeDataset({ layout: 'open', size: 300, seed: 1 })));
  writeFileSync(path('tiny.json'), JSON.stringify(TINY));
  await useBackend('wasm');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Written by h5py (test/fixtures/datasets/make_fixtures.py): 12 rows, 3 episodes (2 terminal, 1 timeout).
const HOPPER = join(ROOT, 'test/fixtures/datasets/d4rl/hopper-medium-v2.hdf5');

const leftovers = () => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('offline-rl --help', () => {
  it('prints the overview and each command’s usage, with the registered algorithms', async () => {
    const [top, train] = await Promise.all([runCli(['--help']), runCli(['train', '--help'])]);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/Usage: offline-rl <command>/);
    for (const command of ['inspect', 'train', 'eval', 'extract']) expect(top.stdout).toContain(command);
    expect(train.code).toBe(0);
    expect(train.stdout).toContain(`--algo ${algorithmNames().join('|')}`);
  });
});

describe('offline-rl inspect', () => {
  it('prints the description as a table and as JSON equal to describeDataset, and draws the four histograms as SVG', async () => {
    const run = await runCli(['inspect', path('small.json'), '--json', '--plot', path('small.svg')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(describeDataset(createDataset(SMALL)))));

    const svg = parseXml(readFileSync(path('small.svg'), 'utf8'));
    expect(svg.name).toBe('svg');
    for (const panel of ['step_rewards', 'episode_lengths', 'episode_returns', 'episode_ends']) {
      expect(findAll(marksOf(svg, panel), (e) => e.name === 'path').length).toBeGreaterThan(0);
    }
    // episode ends: 2 terminal, 1 timeout, 1 no flag
    const ends = findAll(marksOf(svg, 'episode_ends'), (e) => e.name === 'path').map(barHeight);
    expect(ends[0]).toBeGreaterThan(0);
    expect(ends.map((h) => h / ends[0])).toEqual([1, 0.5, 0.5]);

    const table = await runCli(['inspect', path('small.json'), '--plot', path('small.png')]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/rows\s+8\b/);
    expect(table.stdout).toMatch(/episodes\s+4\b/);
    expect(table.stdout).toMatch(/episode ends\s+terminal\s+2\s+timeout\s+1\s+no flag\s+1/);
    expect(table.stdout).toMatch(/episode length\s+4\s+1\s+3\s+2\s+0\.7071\s+2/);
    expect([...readFileSync(path('small.png')).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(leftovers()).toEqual([]);
  });

  it('reads a D4RL HDF5 file written by h5py through offline-rl/io, with what the file says about itself', async () => {
    const [json, table] = await Promise.all([runCli(['inspect', HOPPER, '--json']), runCli(['inspect', HOPPER])]);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const dataset = await loadDataset(HOPPER);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(JSON.stringify({ ...describeDataset(dataset), metadata: dataset.metadata })));
    expect(JSON.parse(json.stdout)).toMatchObject({ rows: 12, episodes: 3, episodeEnds: { terminal: 2, timeout: 1, unflagged: 0 } });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/hopper-medium-v2\.hdf5 \(d4rl, hopper-medium-v2, reference scores -20\.27 \/ 3234\)/);
  });
});

describe('offline-rl train, eval, extract', () => {
  it('trains IQL, writing the agent, a metrics log and the learning curves', async () => {
    const run = await runCli(['train', path('maze.json'), '--algo', 'iql', '--steps', '20', '--log-interval', '5', '--seed', '3', '--config', path('tiny.json'), '--backend', 'wasm', '--out', path('iql.json'), '--plot', path('curves.svg')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // not a terminal: plain progress lines
    expect(run.stdout).toMatch(/^step 20\/20 .* steps\/s .*critic\/loss /m);
    const agent = await loadAgent(path('iql.json'));
    expect(agent.spec.algorithm).toBe('iql');
    expect(agent.spec.trainedSteps).toBe(20);
    expect(agent.spec.config).toMatchObject({ seed: 3, steps: 20, batchSize: 16, hiddenDims: [8] });
    agent.dispose();
    const records = readFileSync(path('iql.metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
    expect(records.map((r) => r.step)).toEqual([5, 10, 15, 20]);
    for (const r of records) expect(Number.isFinite(r['critic/loss']) && Number.isFinite(r['value/loss']) && Number.isFinite(r['actor/loss'])).toBe(true);
    const curves = parseXml(readFileSync(path('curves.svg'), 'utf8'));
    const lines = findAll(curves, (e) => e.name === 'g' && (e.attributes.class ?? '').includes('curve_marks'));
    expect(lines.length).toBe(Object.keys(records[0]).length - 1);
    expect(existsSync(path('iql.ckpt.json'))).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it('evaluates the agent: the numbers of evaluate() with the same episodes and seed', async () => {
    const [run, table] = await Promise.all([
      runCli(['eval', path('iql.json'), '--env', 'pointMaze:open', '--episodes', '2', '--seed', '5', '--backend', 'wasm', '--json']),
      runCli(['eval', path('iql.json'), '--env', 'pointMaze:open', '--episodes', '2', '--seed', '5']),
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout);
    const agent = await loadAgent(path('iql.json'));
    const direct = await evaluate(agent, envs.pointMaze({ layout: 'open' }), { episodes: 2, seed: 5 });
    agent.dispose();
    expect(printed).toMatchObject({ env: 'point-maze-open', episodes: 2, returns: direct.returns, mean: direct.mean, std: direct.std, normalizedScore: direct.normalizedScore });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/mean return\s+\S+/);
    expect(table.stdout).toMatch(/normalized score\s+-?\d/);
  });

  it('extracts a DDPG policy from the IQL agent', async () => {
    const run = await runCli(['extract', path('iql.json'), path('maze.json'), '--method', 'ddpg', '--steps', '5', '--config', path('tiny.json'), '--out', path('ddpg.json')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const agent = await loadAgent(path('ddpg.json'));
    expect(agent.spec.config.extraction).toBe('ddpg');
    expect(agent.spec.trainedSteps).toBe(5);
    agent.dispose();
  });
});

describe('usage errors', () => {
  it('an unknown flag prints the usage and exits 2', async () => {
    const run = await runCli(['train', path('maze.json'), '--algo', 'iql', '--out', path('x.json'), '--learning-rate', '1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Unknown option '--learning-rate'/);
    expect(run.stderr).toMatch(/Usage: offline-rl train FILE/);
    expect(existsSync(path('x.json'))).toBe(false);
  });

  it('bad values print the usage and exit 2: a flag, a config field (the trainer’s own check), an env', async () => {
    writeFileSync(path('bad.json'), JSON.stringify({ expectile: 1.5 }));
    const [steps, config, env] = await Promise.all([
      runCli(['train', path('maze.json'), '--algo', 'iql', '--out', path('x.json'), '--steps', 'ten']),
      runCli(['train', path('maze.json'), '--algo', 'iql', '--out', path('x.json'), '--config', path('bad.json')]),
      runCli(['eval', path('iql.json'), '--env', 'pointMaze:spiral']),
    ]);
    expect(steps.code).toBe(2);
    expect(steps.stderr).toMatch(/--steps must be an integer ≥ 1, got 'ten'/);
    expect(steps.stderr).toMatch(/Usage: offline-rl train FILE/);
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/trainIQL: expectile must be/);
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/no variant 'spiral'; expected one of open, open-dense, umaze/);
    expect(env.stderr).toMatch(/Usage: offline-rl eval AGENT/);
  });
});

describe('Ctrl-C', () => {
  it('stops training at the next step with a checkpoint and no agent; --resume finishes the run', async () => {
    const steps = 600;
    let sent = false;
    const { done } = startCli(['train', HOPPER, '--algo', 'bc', '--steps', String(steps), '--log-interval', '10', '--config', path('tiny.json'), '--out', path('bc.json')], (out, child) => {
      if (!sent && /^step \d+\/600/m.test(out)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const stopped = await done;
    expect(stopped.code).toBe(130);
    expect(stopped.stdout).toMatch(/stopped at step \d+; no agent written/);
    const at = Number(/stopped at step ([\d,]+)/.exec(stopped.stdout)![1].replace(/,/g, ''));
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(steps);
    expect(existsSync(path('bc.json'))).toBe(false);
    const checkpoint = JSON.parse(readFileSync(path('bc.ckpt.json'), 'utf8'));
    expect(checkpoint.step).toBe(at);
    expect(leftovers()).toEqual([]);

    const resumed = await runCli(['train', HOPPER, '--out', path('bc.json'), '--resume', path('bc.ckpt.json')]);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`resuming at step ${at.toLocaleString('en-US')}`));
    const agent = await loadAgent(path('bc.json'));
    expect(agent.spec.algorithm).toBe('bc');
    expect(agent.spec.trainedSteps).toBe(steps);
    agent.dispose();
    // the log continues where the checkpoint was: every 10th step once, in order
    const logged = readFileSync(path('bc.metrics.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { step: number }).step);
    expect(logged).toEqual(Array.from({ length: steps / 10 }, (_, i) => 10 * (i + 1)));
    expect(leftovers()).toEqual([]);
  });
});
