import { describe, expect, it } from 'vitest';
import { choiceOption, integerOption, parseCommand } from '../../src/cli/args';
import { CLI_ENVS, makeEnv } from '../../src/cli/env-table';
import { besidePath } from '../../src/cli/files';
import { formatNumber, formatTable } from '../../src/cli/format-table';
import { defaultLogInterval, formatDuration, ProgressReporter, progressText } from '../../src/cli/progress';
import { UsageError } from '../../src/cli/usage-error';

const progress = (step: number) => ({ step, steps: 200, metrics: { 'critic/loss': 0.123456, 'value/mean': 3 }, elapsedMs: 1000, etaMs: 61_000, stepsPerSecond: 1234.5 });

describe('progress', () => {
  it('reports steps, speed, ETA and the losses only', () => {
    expect(progressText(progress(50))).toBe('step 50/200  1,235 steps/s  ETA 1:01  critic/loss 0.1235');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(Infinity)).toBe('?');
  });

  it('redraws one line with a bar on a terminal, cut to its width, and writes plain lines elsewhere', () => {
    const tty = { text: '', isTTY: true, columns: 60, write(t: string) { this.text += t; } };
    const bar = new ProgressReporter(tty);
    bar.update(progress(50));
    bar.update(progress(100));
    bar.done();
    const lines = tty.text.split('\r\x1b[2K').slice(1);
    expect(lines).toHaveLength(2);
    expect(lines[1].startsWith(`[${'#'.repeat(12)}${'·'.repeat(12)}]  50% step 100/200`)).toBe(true);
    expect(lines[1].trimEnd().length).toBeLessThanOrEqual(59);
    expect(tty.text.endsWith('\n')).toBe(true);

    const pipe = { text: '', write(t: string) { this.text += t; } };
    const plain = new ProgressReporter(pipe);
    plain.update(progress(50));
    plain.update(progress(100));
    plain.done();
    expect(pipe.text).toBe(`${progressText(progress(50))}\n${progressText(progress(100))}\n`);
  });

  it('logs about 100 times a run, at most every 1000 steps', () => {
    expect([defaultLogInterval(20), defaultLogInterval(500), defaultLogInterval(1e6)]).toEqual([1, 5, 1000]);
  });
});

describe('tables', () => {
  it('formats numbers and aligns columns', () => {
    expect([formatNumber(1234567), formatNumber(0.123456), formatNumber(-2.5e-7), formatNumber(3e9 + 0.5)]).toEqual(['1,234,567', '0.1235', '-2.5e-7', '3e9']);
    expect(formatTable([['', 'min', 'max'], ['reward', '0', '10']])).toBe('          min  max\n  reward    0   10');
  });
});

describe('arguments', () => {
  it('rejects unknown flags, missing values, wrong positional counts and bad numbers as usage errors', () => {
    expect(() => parseCommand('inspect', ['a', '--nope'], {}, 1)).toThrow(UsageError);
    expect(() => parseCommand('inspect', ['a', '--plot'], { plot: { type: 'string' } }, 1)).toThrow(/argument missing/);
    expect(() => parseCommand('extract', ['a'], {}, 2)).toThrow(/missing arguments: expected 2, got 1/);
    expect(parseCommand('inspect', ['--help'], {}, 1).values.help).toBe(true);
    expect(integerOption('train', 'steps', '100', 1)).toBe(100);
    for (const bad of ['0', '1.5', '1e3', 'ten', '']) expect(() => integerOption('train', 'steps', bad, 1)).toThrow(/--steps must be an integer ≥ 1/);
    expect(() => choiceOption('train', 'algo', 'sac', ['iql', 'bc'])).toThrow(/--algo must be one of iql, bc, got 'sac'/);
  });

  it('puts the metrics log and checkpoint beside the agent', () => {
    expect(besidePath('runs/agent.json', '.metrics.jsonl')).toBe('runs/agent.metrics.jsonl');
    expect(besidePath('agent', '.ckpt.json')).toBe('agent.ckpt.json');
  });
});

describe('environments by name', () => {
  it('builds each env of the table, with variants', () => {
    expect(makeEnv('pointMaze').name).toBe('point-maze-umaze');
    expect(makeEnv('pointMaze:large-dense').name).toBe('point-maze-large-dense');
    expect(makeEnv('twoStepChain').actionSpace).toEqual({ type: 'discrete', n: 2 });
    for (const name of Object.keys(CLI_ENVS)) expect(makeEnv(name).observationDim).toBeGreaterThan(0);
    expect(() => makeEnv('hopper')).toThrow(/unknown env 'hopper'; expected one of pointMaze, twoStepChain, bandit/);
    expect(() => makeEnv('bandit:x')).toThrow(/has no variants/);
    expect(() => makeEnv('toString')).toThrow(/unknown env/);
  });
});
