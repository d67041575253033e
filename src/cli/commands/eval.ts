import { evaluate, loadAgent } from 'offline-rl';
import { integerOption, parseCommand, requiredOption } from '../args';
import { selectBackend } from '../backend';
import { println, type CliContext } from '../context';
import { makeEnv } from '../env-table';
import { formatNumber, formatTable } from '../format-table';
import { usage } from '../usage';
import { UsageError } from '../usage-error';

/** Episodes when `--episodes` is not given. */
const DEFAULT_EPISODES = 10;

/**
 * `offline-rl eval AGENT --env NAME[:variant] [--episodes N] [--seed N]`: rolls the agent out and
 * prints the mean and std of the returns and the normalized score (when the env has reference scores).
 *
 * @returns the exit code.
 * @example
 * ```ts
 * await evalCommand(['agent.json', '--env', 'pointMaze:umaze', '--episodes', '20'], ctx);
 * ```
 */
export async function evalCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { positionals, values } = parseCommand(
    'eval',
    argv,
    { env: { type: 'string' }, episodes: { type: 'string' }, seed: { type: 'string' }, stochastic: { type: 'boolean' }, backend: { type: 'string' }, json: { type: 'boolean' } },
    1,
  );
  if (values.help) {
    println(ctx.stdout, usage('eval'));
    return 0;
  }
  const envSpec = requiredOption('eval', 'env', values.env);
  let env;
  try {
    env = makeEnv(envSpec);
  } catch (err) {
    throw new UsageError(`--env: ${(err as Error).message}`, 'eval');
  }
  const episodes = integerOption('eval', 'episodes', values.episodes, 1) ?? DEFAULT_EPISODES;
  const seed = integerOption('eval', 'seed', values.seed, 0) ?? 0;
  const backend = await selectBackend('eval', values.backend);
  const agent = await loadAgent(positionals[0]);
  try {
    const result = await evaluate(agent, env, { episodes, seed, deterministic: !values.stochastic });
    if (values.json) {
      println(ctx.stdout, JSON.stringify({ env: env.name, episodes, seed, backend, ...result }));
      return 0;
    }
    const rows = [
      ['env', env.name],
      ['episodes', String(episodes)],
      ['mean return', formatNumber(result.mean)],
      ['std', formatNumber(result.std)],
      ['normalized score', result.normalizedScore === undefined ? '(no reference scores)' : formatNumber(result.normalizedScore)],
    ];
    println(ctx.stdout, formatTable(rows, ''));
    return 0;
  } finally {
    agent.dispose();
  }
}
