import { access } from 'node:fs/promises';
import {
  algorithmNames,
  readCheckpoint,
  resolveAlgorithmConfig,
  train,
  type AlgorithmConfigs,
  type AlgorithmName,
  type TrainingProgress,
} from 'offline-rl';
import type { MetricsRecord } from 'offline-rl/plot';
import { choiceOption, integerOption, parseCommand, requiredOption } from '../args';
import { selectBackend } from '../backend';
import { println, type CliContext } from '../context';
import { besidePath, JsonLinesLog, readDataset, readJson, removeFile, writeAtomic } from '../files';
import { formatNumber } from '../format-table';
import { defaultLogInterval, ProgressReporter } from '../progress';
import { usage } from '../usage';
import { INTERRUPTED_EXIT_CODE, UsageError } from '../usage-error';

const OPTIONS = {
  algo: { type: 'string' },
  out: { type: 'string' },
  preset: { type: 'string' },
  steps: { type: 'string' },
  seed: { type: 'string' },
  config: { type: 'string' },
  backend: { type: 'string' },
  plot: { type: 'string' },
  checkpoint: { type: 'string' },
  'checkpoint-interval': { type: 'string' },
  'log-interval': { type: 'string' },
  resume: { type: 'string' },
} as const;

/**
 * The config a run trains with: the checkpoint's (when resuming), then the `--config` file, then the
 * flags; validated by the algorithm's own checks.
 */
async function buildConfig(
  values: Record<string, string | boolean | undefined>,
  base: Record<string, unknown>,
  algo: AlgorithmName,
): Promise<{ cfg: Record<string, unknown>; steps: number }> {
  const file = values.config === undefined ? {} : await readJson(values.config as string, 'config');
  if (file === null || typeof file !== 'object' || Array.isArray(file)) throw new UsageError(`--config: ${String(values.config)} must hold a JSON object of config fields`, 'train');
  const cfg: Record<string, unknown> = { ...base, ...(file as Record<string, unknown>) };
  if (values.preset !== undefined) cfg.preset = values.preset;
  const steps = integerOption('train', 'steps', values.steps, 1);
  if (steps !== undefined) cfg.steps = steps;
  const seed = integerOption('train', 'seed', values.seed, 0);
  if (seed !== undefined) cfg.seed = seed;
  const checkpointInterval = integerOption('train', 'checkpoint-interval', values['checkpoint-interval'], 1);
  if (checkpointInterval !== undefined) cfg.checkpointInterval = checkpointInterval;
  const logInterval = integerOption('train', 'log-interval', values['log-interval'], 1);
  if (logInterval !== undefined) cfg.logInterval = logInterval;
  let resolved: { steps: number };
  try {
    resolved = resolveAlgorithmConfig(algo, cfg);
  } catch (err) {
    throw new UsageError((err as Error).message, 'train');
  }
  if (cfg.logInterval === undefined) cfg.logInterval = defaultLogInterval(resolved.steps);
  return { cfg, steps: resolved.steps };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * `offline-rl train FILE --algo NAME --out agent.json …`: trains with a progress bar, writes the
 * agent (atomically), a metrics log beside it and optionally the learning curves; Ctrl-C stops at
 * the next step and leaves a checkpoint to `--resume` from, and no agent file.
 *
 * @returns the exit code (130 after Ctrl-C).
 * @example
 * ```ts
 * await trainCommand(['data.hdf5', '--algo', 'iql', '--out', 'agent.json', '--steps', '1000'], ctx);
 * ```
 */
export async function trainCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { positionals, values } = parseCommand('train', argv, OPTIONS, 1);
  if (values.help) {
    println(ctx.stdout, usage('train'));
    return 0;
  }
  const [file] = positionals;
  const out = requiredOption('train', 'out', values.out);
  const resumePath = values.resume as string | undefined;
  const saved = resumePath === undefined ? undefined : await readCheckpoint(resumePath);
  const algoFlag = choiceOption('train', 'algo', values.algo, algorithmNames());
  const algo = (algoFlag ?? saved?.algorithm) as AlgorithmName | undefined;
  if (algo === undefined) throw new UsageError('--algo is required', 'train');
  if (saved && algoFlag !== undefined && saved.algorithm !== algoFlag) {
    throw new UsageError(`--algo ${algoFlag}: the checkpoint ${resumePath} is of '${saved.algorithm}'`, 'train');
  }
  if (saved && !algorithmNames().includes(saved.algorithm as AlgorithmName)) throw new Error(`the checkpoint ${resumePath} is of '${saved.algorithm}', which \`offline-rl train\` cannot resume`);
  const { cfg, steps } = await buildConfig(values, saved ? { ...saved.config } : {}, algo);
  const plotPath = values.plot as string | undefined;
  const plot = plotPath === undefined ? undefined : await import('offline-rl/plot');
  const plotFormat = plot && plotPath !== undefined ? checkedPlotFormat(plot.plotFormatFromPath, plotPath) : undefined;

  const dataset = await readDataset(file);
  const backend = await selectBackend('train', values.backend);
  const defaultCheckpoint = besidePath(out, '.ckpt.json');
  const checkpointPath = (values.checkpoint as string | undefined) ?? resumePath ?? defaultCheckpoint;
  const metricsPath = besidePath(out, '.metrics.jsonl');
  const log = saved ? await JsonLinesLog.resume(metricsPath, saved.step) : await JsonLinesLog.create(metricsPath);
  println(ctx.stdout, `training ${algo} on ${file} (${formatNumber(dataset.size)} rows) for ${formatNumber(steps)} steps on ${backend}${saved ? `, resuming at step ${formatNumber(saved.step)}` : ''}`);

  const progress = new ProgressReporter(ctx.stdout);
  let writes: Promise<void> = Promise.resolve();
  const onProgress = (p: TrainingProgress) => {
    progress.update(p);
    const record: MetricsRecord = { step: p.step, ...p.metrics };
    writes = writes.then(() => log.append(record));
  };
  const controller = new AbortController();
  const stopListening = ctx.onInterrupt(() => controller.abort());
  try {
    const config = { ...cfg, onProgress, signal: controller.signal, checkpointPath, resume: resumePath } as Partial<AlgorithmConfigs[AlgorithmName]>;
    const agent = await train(algo, dataset, config);
    progress.done();
    await writes;
    try {
      if (controller.signal.aborted) {
        println(ctx.stdout, `stopped at step ${formatNumber(agent.spec.trainedSteps)}; no agent written. Checkpoint: ${checkpointPath}`);
        println(ctx.stdout, `continue with: offline-rl train ${file} --out ${out} --resume ${checkpointPath}`);
        return INTERRUPTED_EXIT_CODE;
      }
      await agent.save(out);
    } finally {
      agent.dispose();
    }
  } finally {
    progress.done();
    stopListening();
  }
  // The checkpoint at the default place served only this run; one the user named is theirs to keep.
  if (values.checkpoint === undefined && checkpointPath === defaultCheckpoint && (await exists(checkpointPath))) await removeFile(checkpointPath);
  println(ctx.stdout, `wrote ${out} and ${metricsPath}`);
  if (plot && plotPath !== undefined && plotFormat) {
    if (log.records.length === 0) println(ctx.stdout, 'no metrics recorded; no learning curves drawn');
    else {
      await writeAtomic(plotPath, await plot.plotLearningCurves(log.records, { format: plotFormat }));
      println(ctx.stdout, `wrote ${plotPath}`);
    }
  }
  return 0;
}

/**
 * The picture format of a `--plot` path, as a usage error when the extension is neither .svg nor .png.
 *
 * @example
 * ```ts
 * checkedPlotFormat(plot.plotFormatFromPath, 'curves.svg'); // 'svg'
 * ```
 */
export function checkedPlotFormat(fromPath: (path: string) => 'svg' | 'png', path: string, command = 'train'): 'svg' | 'png' {
  try {
    return fromPath(path);
  } catch (err) {
    throw new UsageError(`--plot: ${(err as Error).message}`, command);
  }
}
