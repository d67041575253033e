/**
 * What the results table runs: the tasks (datasets and the environment that scores them), the
 * variants (every registered trainer, some in several configurations), the budget, the per-domain
 * settings, and the cells (task × variant × seed) with the exact config each trains with. Pure: no
 * training, no files.
 */
import { algorithmNames, createDataset, envs, getAlgorithm, type Dataset, type Env } from 'offline-rl';

/**
 * The environment families of the table.
 *
 * @example
 * ```ts
 * const domain: TableDomain = 'point-maze';
 * ```
 */
export type TableDomain = 'pendulum' | 'point-maze';

/**
 * One row of the table: a dataset family of a domain, scored in that domain's environment.
 *
 * @example
 * ```ts
 * const task: TableTask = { id: 'pendulum-medium', domain: 'pendulum', kind: 'medium' };
 * ```
 */
export interface TableTask {
  /** Row key and label (`'pendulum-medium-replay'`, `'point-maze-mixed'`). */
  id: string;
  domain: TableDomain;
  /** The dataset kind (`envs.pendulumDataset` or `envs.pointMazeDataset`). */
  kind: string;
}

/**
 * The table's rows: the five Pendulum families of guide §9 and the point maze's `mixed` and `expert` data.
 *
 * @example
 * ```ts
 * TASKS.map((t) => t.id); // ['pendulum-random', …, 'point-maze-expert']
 * ```
 */
export const TASKS: readonly TableTask[] = Object.freeze([
  ...(['random', 'medium', 'expert', 'medium-replay', 'medium-expert'] as const).map((kind) => ({ id: `pendulum-${kind}`, domain: 'pendulum' as const, kind })),
  ...(['mixed', 'expert'] as const).map((kind) => ({ id: `point-maze-${kind}`, domain: 'point-maze' as const, kind })),
]);

/**
 * One column of the table: a registered algorithm in one configuration.
 *
 * @example
 * ```ts
 * const v: TableVariant = { id: 'bc-10', label: '10%BC', algorithm: 'bc', config: { topFraction: 0.1 } };
 * ```
 */
export interface TableVariant {
  /** Column key (part of each cell's key). */
  id: string;
  /** Column heading. */
  label: string;
  /** The registry name the cells train with (`trainMany(algorithm, …)`). */
  algorithm: string;
  /** Fields that make this variant what it is, applied last. */
  config: Readonly<Record<string, unknown>>;
  /** Costs many times the others per update: its cells run after every other cell (see {@link planCells}). */
  slow?: boolean;
}

/**
 * The table's columns per registered algorithm. An algorithm not listed here still gets a column
 * (its defaults, labelled by its name), so every trainer in the registry appears.
 */
const VARIANTS_BY_ALGORITHM: Readonly<Record<string, ReadonlyArray<Omit<TableVariant, 'algorithm'>>>> = Object.freeze({
  bc: [
    { id: 'bc', label: 'BC', config: {} },
    { id: 'bc-10', label: '10%BC', config: { topFraction: 0.1 } },
  ],
  td3bc: [{ id: 'td3bc', label: 'TD3+BC', config: {} }],
  // ~20× IQL's update at [64, 64] (10 sampled actions from 3 proposals through both critics).
  cql: [{ id: 'cql', label: 'CQL', config: {}, slow: true }],
  iql: [
    { id: 'iql', label: 'IQL (AWR)', config: {} },
    { id: 'iql-ddpg', label: 'IQL (DDPG+BC)', config: { extraction: 'ddpg' } },
    { id: 'iql-dawr', label: 'IQL (disc. AWR)', config: { extraction: 'discrete-awr' } },
  ],
  awac: [{ id: 'awac', label: 'AWAC', config: {} }],
  rebrac: [{ id: 'rebrac', label: 'ReBRAC', config: {} }],
});

/** Column order: the baselines, then the actor-critics, then IQL's extractions; others after. */
const ALGORITHM_ORDER = ['bc', 'td3bc', 'cql', 'iql', 'awac', 'rebrac'];

/**
 * The table's columns for the given registered algorithm names (default: the registry's, so new
 * trainers appear once merged): BC and 10%BC for `bc`, IQL with each extraction for `iql`, one
 * column at the algorithm's defaults for any other.
 *
 * @example
 * ```ts
 * tableVariants(['iql', 'bc']).map((v) => v.id); // ['bc', 'bc-10', 'iql', 'iql-ddpg', 'iql-dawr']
 * ```
 */
export function tableVariants(names: readonly string[] = algorithmNames()): TableVariant[] {
  const rank = (name: string) => (ALGORITHM_ORDER.includes(name) ? ALGORITHM_ORDER.indexOf(name) : ALGORITHM_ORDER.length);
  const ordered = [...names].sort((a, b) => rank(a) - rank(b));
  return ordered.flatMap((algorithm) =>
    (VARIANTS_BY_ALGORITHM[algorithm] ?? [{ id: algorithm, label: algorithm.toUpperCase(), config: {} }]).map((v) => ({ ...v, algorithm })),
  );
}

/**
 * Sizes of a table run: networks, updates, seeds, data and evaluation.
 *
 * @example
 * ```ts
 * const budget: TableBudget = { ...defaultBudget(), steps: 20_000 };
 * ```
 */
export interface TableBudget {
  /** Hidden layers of every network. */
  hiddenDims: number[];
  batchSize: number;
  /** Gradient updates of every cell (the same for every algorithm). */
  steps: number;
  /** Training seeds per task and variant: 0, 1, … */
  seeds: number;
  /** Rows of each dataset (built with seed 0: one dataset per task, shared by every seed and algorithm). */
  datasetSize: number;
  /** Evaluation episodes per cell. */
  episodes: number;
  /** Environment copies stepped together in evaluation (`evaluate(…, { parallel })`; does not change results). */
  parallel: number;
  /** Point-maze layout and reward (the `examples/maze2d-extraction.ts` recipe). */
  mazeLayout: 'open' | 'umaze' | 'medium' | 'large';
  mazeReward: 'dense' | 'sparse';
}

/**
 * The full run's budget (sized for under two hours on a quiet 2-core machine; see docs/results/).
 *
 * @example
 * ```ts
 * defaultBudget().steps; // 5000
 * ```
 */
export function defaultBudget(): TableBudget {
  return { hiddenDims: [64, 64], batchSize: 256, steps: 5000, seeds: 3, datasetSize: 50_000, episodes: 20, parallel: 20, mazeLayout: 'medium', mazeReward: 'dense' };
}

/**
 * A smoke-test budget (`--quick`): seconds per cell, numbers meaningless.
 *
 * @example
 * ```ts
 * quickBudget().steps; // 30
 * ```
 */
export function quickBudget(): TableBudget {
  return { hiddenDims: [16, 16], batchSize: 32, steps: 30, seeds: 2, datasetSize: 3000, episodes: 2, parallel: 2, mazeLayout: 'umaze', mazeReward: 'dense' };
}

/**
 * Per-domain settings, applied the same way to every cell of the domain and stated in the table's
 * caption. `common` fields go to every algorithm that has the field; `byAlgorithm` to every variant
 * of that algorithm.
 *
 * @example
 * ```ts
 * DOMAIN_SETTINGS.pendulum.common; // { discount: 0.95 }
 * ```
 */
export const DOMAIN_SETTINGS: Readonly<Record<TableDomain, { common: Readonly<Record<string, unknown>>; byAlgorithm: Readonly<Record<string, Readonly<Record<string, unknown>>>>; why: string }>> = Object.freeze({
  pendulum: {
    common: { discount: 0.95 },
    byAlgorithm: { iql: { beta: 10 } },
    why: 'as in the guide §9 IQL-vs-BC test: a short horizon for a short run, and IQL β 10 because its advantages are in raw reward units (β 3 is the recipe for rewards scaled to 1000 per return range)',
  },
  'point-maze': {
    common: {},
    byAlgorithm: {},
    why: 'the examples/maze2d-extraction.ts recipe: every algorithm at its defaults (IQL τ 0.7, β 3; DDPG+BC `bcAlpha` 0.1; discretized AWR 41 bins)',
  },
});

/**
 * Settings of one algorithm in every domain, stated in the caption: where a library default is a
 * recipe for a budget far larger than the table's.
 *
 * @example
 * ```ts
 * ALGORITHM_SETTINGS.cql?.config; // { policyLearningRate: 1e-4 }
 * ```
 */
export const ALGORITHM_SETTINGS: Readonly<Record<string, { config: Readonly<Record<string, unknown>>; why: string }>> = Object.freeze({
  cql: {
    config: { policyLearningRate: 1e-4 },
    why: "the CQL paper's policy learning rate for MuJoCo; the default 3e-5 (CORL's) is meant for 1M updates and barely moves the actor in a few thousand",
  },
});

/**
 * The exact trainer config of one cell: the budget's sizes, the algorithm's table settings, the
 * domain's settings (common fields only where the algorithm has them), the variant's fields, and the
 * seed. `logInterval` is the run length, so metrics are read back once.
 *
 * @example
 * ```ts
 * cellConfig(TASKS[0], tableVariants(['iql'])[0], 2, defaultBudget()); // { hiddenDims: [64, 64], …, discount: 0.95, beta: 10, seed: 2 }
 * ```
 */
export function cellConfig(task: TableTask, variant: TableVariant, seed: number, budget: TableBudget): Record<string, unknown> {
  const settings = DOMAIN_SETTINGS[task.domain];
  const defaults = getAlgorithm(variant.algorithm).defaults as Readonly<Record<string, unknown>>;
  const common = Object.fromEntries(Object.entries(settings.common).filter(([key]) => key in defaults));
  return {
    hiddenDims: [...budget.hiddenDims],
    batchSize: budget.batchSize,
    steps: budget.steps,
    logInterval: budget.steps,
    ...(ALGORITHM_SETTINGS[variant.algorithm]?.config ?? {}),
    ...common,
    ...(settings.byAlgorithm[variant.algorithm] ?? {}),
    ...variant.config,
    seed,
  };
}

/**
 * How a task's dataset is built (recorded in every cell, so a changed dataset reruns the cell).
 *
 * @example
 * ```ts
 * taskData(TASKS[0], defaultBudget()); // { domain: 'pendulum', kind: 'random', size: 50000, seed: 0 }
 * ```
 */
export function taskData(task: TableTask, budget: TableBudget): Record<string, unknown> {
  const base = { domain: task.domain, kind: task.kind, size: budget.datasetSize, seed: DATASET_SEED };
  return task.domain === 'point-maze' ? { ...base, layout: budget.mazeLayout, reward: budget.mazeReward } : base;
}

/** Seed of every dataset: one dataset per task, shared by every training seed. */
const DATASET_SEED = 0;
/** Evaluation seed of training seed `s` is `EVAL_SEED_OFFSET + s`. */
const EVAL_SEED_OFFSET = 1000;

/**
 * A task's dataset, built from its recorded {@link taskData}.
 *
 * @example
 * ```ts
 * const dataset = buildTaskDataset(TASKS[1], defaultBudget()); // pendulum medium, 50,000 rows
 * ```
 */
export function buildTaskDataset(task: TableTask, budget: TableBudget): Dataset {
  if (task.domain === 'pendulum') {
    return createDataset(envs.pendulumDataset({ kind: task.kind as envs.PendulumDatasetKind, size: budget.datasetSize, seed: DATASET_SEED }));
  }
  return createDataset(envs.pointMazeDataset({ kind: task.kind as 'mixed' | 'expert', size: budget.datasetSize, seed: DATASET_SEED, layout: budget.mazeLayout, reward: budget.mazeReward }));
}

/**
 * The environment that scores a task (its `referenceScores` give the normalized score).
 *
 * @example
 * ```ts
 * taskEnv(TASKS[0], defaultBudget()).name; // 'pendulum'
 * ```
 */
export function taskEnv(task: TableTask, budget: TableBudget): Env {
  return task.domain === 'pendulum' ? envs.pendulum() : envs.pointMaze({ layout: budget.mazeLayout, reward: budget.mazeReward });
}

/**
 * Everything that decides a cell's numbers; a stored cell whose spec differs is rerun.
 *
 * @example
 * ```ts
 * const spec: CellSpec = { algorithm: 'bc', config: { steps: 10 }, data: { kind: 'medium' }, evaluation: { episodes: 20, seed: 1000 } };
 * ```
 */
export interface CellSpec {
  algorithm: string;
  config: Record<string, unknown>;
  data: Record<string, unknown>;
  evaluation: { episodes: number; seed: number };
}

/**
 * One unit of work: train one variant with one seed on one task, then evaluate it.
 *
 * @example
 * ```ts
 * const cells = planCells(TASKS, tableVariants(), defaultBudget()); cells[0].key; // 'pendulum-random/bc/0'
 * ```
 */
export interface Cell {
  /** `task/variant/seed`. */
  key: string;
  task: TableTask;
  variant: TableVariant;
  seed: number;
  spec: CellSpec;
}

/**
 * The key of a cell: `task/variant/seed`.
 *
 * @example
 * ```ts
 * cellKey('pendulum-medium', 'iql-ddpg', 2); // 'pendulum-medium/iql-ddpg/2'
 * ```
 */
export function cellKey(task: string, variant: string, seed: number): string {
  return `${task}/${variant}/${seed}`;
}

/**
 * Every cell of a run, in run order: seed-major (seed 0 of every task and variant first), so a
 * partial run already fills the whole table with one seed, then tasks, then variants; the cells of
 * `slow` variants come after all the others (seed-major among themselves), so that one expensive
 * algorithm does not hold back every other column's seeds.
 *
 * @example
 * ```ts
 * planCells(TASKS, tableVariants(), defaultBudget()).length; // tasks × variants × 3
 * ```
 */
export function planCells(tasks: readonly TableTask[], variants: readonly TableVariant[], budget: TableBudget): Cell[] {
  const cells: Cell[] = [];
  for (let seed = 0; seed < budget.seeds; seed++) {
    for (const task of tasks) {
      for (const variant of variants) {
        cells.push({
          key: cellKey(task.id, variant.id, seed),
          task,
          variant,
          seed,
          spec: {
            algorithm: variant.algorithm,
            config: cellConfig(task, variant, seed, budget),
            data: taskData(task, budget),
            evaluation: { episodes: budget.episodes, seed: EVAL_SEED_OFFSET + seed },
          },
        });
      }
    }
  }
  const rank = (cell: Cell) => (cell.variant.slow ? 1 : 0);
  return cells.map((cell, order) => ({ cell, order })).sort((a, b) => rank(a.cell) - rank(b.cell) || a.order - b.order).map(({ cell }) => cell);
}
