import { algorithmNames, EXTRACTION_METHODS, getAlgorithm } from 'offline-rl';
import { CLI_ENVS } from './env-table';

const BACKENDS = 'auto|tensorflow|wasm|cpu';

/**
 * The presets of each registered algorithm, as `iql: locomotion, antmaze, …` lines.
 */
function presetLines(): string {
  return algorithmNames()
    .map((name) => {
      const presets = Object.keys(getAlgorithm(name).presets ?? {});
      return `    ${name}: ${presets.length ? presets.join(', ') : '(none)'}`;
    })
    .join('\n');
}

/**
 * The usage text of a command (`undefined`: the overview of all commands). Algorithm names, presets,
 * extraction methods and environments come from the library's registries, so new ones appear here
 * without changes to the command line.
 *
 * @example
 * ```ts
 * console.log(usage('train'));
 * ```
 */
export function usage(command?: string): string {
  switch (command) {
    case 'inspect':
      return `Usage: offline-rl inspect FILE [--plot out.svg|out.png] [--json]

Prints what a dataset holds: rows, episodes, episode lengths and returns, step rewards, terminal and
timeout flags, action ranges (counts per action when discrete), observation mean and std.

  FILE            a dataset: D4RL .hdf5, Minari folder, OGBench .npz (offline-rl/io), or a .json of
                  createDataset's columns
  --plot PATH     also draw four histograms (step rewards, episode lengths, episode returns, episode
                  ends) to PATH; .svg or .png (needs vega, vega-lite@6.4; PNG also @resvg/resvg-js)
  --json          print the description as JSON instead of a table
  -h, --help      show this help`;
    case 'train':
      return `Usage: offline-rl train FILE --algo ${algorithmNames().join('|')} --out agent.json [options]

Trains an agent on a dataset and writes it to --out, with a metrics log (JSON lines) beside it
(agent.metrics.jsonl). Ctrl-C stops at the next step and writes a checkpoint; continue with --resume.

  FILE                  a dataset (see \`offline-rl inspect --help\`)
  --algo NAME           ${algorithmNames().join(', ')}
  --out PATH            where to write the agent (written whole or not at all)
  --preset NAME         a published recipe:
${presetLines()}
  --steps N             gradient updates
  --seed N              seed of every random draw
  --config PATH         a JSON file of config fields (e.g. {"expectile": 0.9, "batchSize": 256});
                        --preset, --steps and --seed override it
  --backend NAME        ${BACKENDS} (default auto: the fastest available)
  --plot PATH           also draw the learning curves to PATH (.svg or .png)
  --checkpoint PATH     checkpoint file (default: beside --out, agent.ckpt.json; removed after a
                        finished run unless given here)
  --checkpoint-interval N  updates between checkpoints (default: the config's, 10000)
  --log-interval N      updates between progress reports and metrics records
                        (default: steps/100, at most 1000)
  --resume PATH         continue an interrupted run from its checkpoint (algorithm and config are
                        taken from it)
  -h, --help            show this help`;
    case 'eval':
      return `Usage: offline-rl eval AGENT --env NAME[:variant] [--episodes N] [--seed N] [options]

Rolls out an agent and prints the mean and std of the episode returns, and the normalized score
when the environment has reference scores.

  AGENT             an agent file written by \`offline-rl train\` or agent.save()
  --env NAME        ${Object.entries(CLI_ENVS)
    .map(([name, e]) => `${name}${e.variants.length ? '[:variant]' : ''}: ${e.summary}`)
    .join('\n                    ')}
${Object.entries(CLI_ENVS)
  .filter(([, e]) => e.variants.length)
  .map(([name, e]) => `                    ${name} variants: ${e.variants.join(', ')}${e.defaultVariant ? ` (default ${e.defaultVariant})` : ''}`)
  .join('\n')}
  --episodes N      episodes to roll out (default 10)
  --seed N          seed of the resets and action sampling (default 0)
  --stochastic      sample actions instead of taking the policy's mode
  --backend NAME    ${BACKENDS} (default auto)
  --json            print the result as JSON
  -h, --help        show this help`;
    case 'extract':
      return `Usage: offline-rl extract AGENT FILE --out PATH [--method ${EXTRACTION_METHODS.join('|')}] [options]

Fits a new policy to FILE from a trained IQL agent's frozen critics (post-hoc extraction) and writes
the new agent to --out.

  AGENT             a trained agent file with critics and a value network (IQL)
  FILE              the dataset the critics were trained on
  --out PATH        where to write the new agent
  --method NAME     ${EXTRACTION_METHODS.join(', ')} (default: the agent's own)
  --steps N         actor updates (default 100000)
  --seed N          seed (default 0)
  --config PATH     a JSON file of extractPolicy config fields (beta, bins, …)
  --backend NAME    ${BACKENDS} (default auto)
  -h, --help        show this help`;
    default:
      return `Usage: offline-rl <command> [arguments] [options]

Commands:
  inspect FILE [--plot out.svg]             describe a dataset (and draw its histograms)
  train FILE --algo NAME --out agent.json   train an agent (${algorithmNames().join(', ')})
  eval AGENT --env NAME[:variant]           roll out an agent and print its score
  extract AGENT FILE --out new.json         post-hoc policy extraction from an IQL agent

Run \`offline-rl <command> --help\` for a command's options.
  -h, --help       show this help
  -v, --version    print the version`;
  }
}

/**
 * Backend names the `--backend` flag accepts.
 *
 * @example
 * ```ts
 * BACKEND_CHOICES.includes('wasm'); // true
 * ```
 */
export const BACKEND_CHOICES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
