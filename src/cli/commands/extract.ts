import { EXTRACT_POLICY_DEFAULTS, EXTRACTION_METHODS, extractPolicy, loadAgent, type ExtractPolicyConfig, type TrainingProgress } from 'offline-rl';
import { choiceOption, integerOption, parseCommand, requiredOption } from '../args';
import { selectBackend } from '../backend';
import { println, type CliContext } from '../context';
import { readDataset, readJson } from '../files';
import { formatNumber } from '../format-table';
import { defaultLogInterval, ProgressReporter } from '../progress';
import { usage } from '../usage';
import { INTERRUPTED_EXIT_CODE, UsageError } from '../usage-error';

/**
 * `offline-rl extract AGENT FILE --out PATH [--method awr|ddpg|discrete-awr] …`: post-hoc policy
 * extraction from a trained IQL agent's frozen critics (see `extractPolicy`); writes the new agent
 * atomically, or nothing after Ctrl-C.
 *
 * @returns the exit code.
 * @example
 * ```ts
 * await extractCommand(['iql.json', 'data.hdf5', '--method', 'ddpg', '--out', 'ddpg.json'], ctx);
 * ```
 */
export async function extractCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { positionals, values } = parseCommand(
    'extract',
    argv,
    { out: { type: 'string' }, method: { type: 'string' }, steps: { type: 'string' }, seed: { type: 'string' }, config: { type: 'string' }, backend: { type: 'string' } },
    2,
  );
  if (values.help) {
    println(ctx.stdout, usage('extract'));
    return 0;
  }
  const [agentPath, file] = positionals;
  const out = requiredOption('extract', 'out', values.out);
  const fileConfig = values.config === undefined ? {} : await readJson(values.config as string, 'config');
  if (fileConfig === null || typeof fileConfig !== 'object' || Array.isArray(fileConfig)) throw new UsageError(`--config: ${String(values.config)} must hold a JSON object of config fields`, 'extract');
  const cfg: Partial<ExtractPolicyConfig> = { ...(fileConfig as Partial<ExtractPolicyConfig>) };
  const method = choiceOption('extract', 'method', values.method, EXTRACTION_METHODS);
  if (method !== undefined) cfg.method = method;
  const steps = integerOption('extract', 'steps', values.steps, 1);
  if (steps !== undefined) cfg.steps = steps;
  const seed = integerOption('extract', 'seed', values.seed, 0);
  if (seed !== undefined) cfg.seed = seed;

  const backend = await selectBackend('extract', values.backend);
  const dataset = await readDataset(file);
  const source = await loadAgent(agentPath);
  const progress = new ProgressReporter(ctx.stdout);
  const controller = new AbortController();
  const stopListening = ctx.onInterrupt(() => controller.abort());
  try {
    println(ctx.stdout, `extracting a policy from ${agentPath} (${source.spec.algorithm}) on ${file} on ${backend}`);
    const onProgress = (p: TrainingProgress) => progress.update(p);
    let agent;
    try {
      agent = await extractPolicy(source, dataset, { ...cfg, onProgress, signal: controller.signal, logInterval: cfg.logInterval ?? defaultLogInterval(cfg.steps ?? EXTRACT_POLICY_DEFAULTS.steps) });
    } catch (err) {
      if (err instanceof RangeError) throw new UsageError(err.message, 'extract');
      throw err;
    }
    progress.done();
    try {
      if (controller.signal.aborted) {
        println(ctx.stdout, `stopped at step ${formatNumber(agent.spec.trainedSteps)}; no agent written`);
        return INTERRUPTED_EXIT_CODE;
      }
      await agent.save(out);
      println(ctx.stdout, `wrote ${out} (${String(agent.spec.config.extraction)} extraction, ${formatNumber(agent.spec.trainedSteps)} steps)`);
    } finally {
      agent.dispose();
    }
  } finally {
    progress.done();
    stopListening();
    source.dispose();
  }
  return 0;
}
