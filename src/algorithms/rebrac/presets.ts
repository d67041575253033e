import type { ReBRACConfig } from './config';

/**
 * A D4RL dataset ReBRAC has a published recipe for (CORL `configs/offline/rebrac/<domain>/<dataset>.yaml`).
 *
 * @example
 * ```ts
 * const preset: ReBRACPreset = 'hopper-medium-v2';
 * ```
 */
export type ReBRACPreset =
  | 'halfcheetah-random-v2'
  | 'halfcheetah-medium-v2'
  | 'halfcheetah-expert-v2'
  | 'halfcheetah-medium-expert-v2'
  | 'halfcheetah-medium-replay-v2'
  | 'halfcheetah-full-replay-v2'
  | 'hopper-random-v2'
  | 'hopper-medium-v2'
  | 'hopper-expert-v2'
  | 'hopper-medium-expert-v2'
  | 'hopper-medium-replay-v2'
  | 'hopper-full-replay-v2'
  | 'walker2d-random-v2'
  | 'walker2d-medium-v2'
  | 'walker2d-expert-v2'
  | 'walker2d-medium-expert-v2'
  | 'walker2d-medium-replay-v2'
  | 'walker2d-full-replay-v2'
  | 'antmaze-umaze-v2'
  | 'antmaze-umaze-diverse-v2'
  | 'antmaze-medium-play-v2'
  | 'antmaze-medium-diverse-v2'
  | 'antmaze-large-play-v2'
  | 'antmaze-large-diverse-v2'
  | 'maze2d-umaze-v1'
  | 'maze2d-medium-v1'
  | 'maze2d-large-v1'
  | 'pen-human-v1'
  | 'pen-cloned-v1'
  | 'pen-expert-v1'
  | 'door-human-v1'
  | 'door-cloned-v1'
  | 'door-expert-v1'
  | 'hammer-human-v1'
  | 'hammer-cloned-v1'
  | 'hammer-expert-v1'
  | 'relocate-human-v1'
  | 'relocate-cloned-v1'
  | 'relocate-expert-v1';

/** Reward scale of CORL's antmaze ReBRAC runs (`normalize_reward`: r × 100, "like in LAPO"). */
const ANTMAZE_REWARD_SCALE = 100;

/** Locomotion: CORL's defaults (lr 1e-3, batch 1024, γ 0.99) with the dataset's β pair. */
const locomotion = (actorBcWeight: number, criticBcWeight: number): Partial<ReBRACConfig> => ({ actorBcWeight, criticBcWeight });
/** AntMaze: actor lr 3e-4, critic lr 5e-5, batch 256, γ 0.999, rewards × 100. */
const antmaze = (actorBcWeight: number, criticBcWeight: number): Partial<ReBRACConfig> => ({
  actorBcWeight,
  criticBcWeight,
  learningRate: 3e-4,
  criticLearningRate: 5e-5,
  batchSize: 256,
  discount: 0.999,
  rewardScale: ANTMAZE_REWARD_SCALE,
});
/** Maze2d and Adroit: actor and critic lr 3e-4, batch 256. */
const small = (actorBcWeight: number, criticBcWeight: number): Partial<ReBRACConfig> => ({ actorBcWeight, criticBcWeight, learningRate: 3e-4, criticLearningRate: 3e-4, batchSize: 256 });

const REBRAC_PRESET_TABLE = {
  'halfcheetah-random-v2': locomotion(0.001, 0.1),
  'halfcheetah-medium-v2': locomotion(0.001, 0.01),
  'halfcheetah-expert-v2': locomotion(0.01, 0.01),
  'halfcheetah-medium-expert-v2': locomotion(0.01, 0.1),
  'halfcheetah-medium-replay-v2': locomotion(0.01, 0.001),
  'halfcheetah-full-replay-v2': locomotion(0.001, 0.1),
  'hopper-random-v2': locomotion(0.001, 0.01),
  'hopper-medium-v2': locomotion(0.01, 0.01),
  'hopper-expert-v2': locomotion(0.1, 0.1),
  'hopper-medium-expert-v2': locomotion(0.1, 0.01),
  'hopper-medium-replay-v2': locomotion(0.05, 0.5),
  'hopper-full-replay-v2': locomotion(0.01, 0.01),
  'walker2d-random-v2': locomotion(0.01, 0),
  'walker2d-medium-v2': locomotion(0.05, 0.1),
  'walker2d-expert-v2': locomotion(0.01, 0.5),
  'walker2d-medium-expert-v2': locomotion(0.01, 0.01),
  'walker2d-medium-replay-v2': locomotion(0.05, 0.01),
  'walker2d-full-replay-v2': locomotion(0.01, 0.01),
  'antmaze-umaze-v2': antmaze(0.003, 0.002),
  'antmaze-umaze-diverse-v2': antmaze(0.003, 0.001),
  'antmaze-medium-play-v2': antmaze(0.001, 0.0005),
  'antmaze-medium-diverse-v2': antmaze(0.001, 0),
  'antmaze-large-play-v2': antmaze(0.002, 0.001),
  'antmaze-large-diverse-v2': antmaze(0.002, 0.002),
  'maze2d-umaze-v1': small(0.003, 0.001),
  'maze2d-medium-v1': small(0.003, 0.001),
  'maze2d-large-v1': small(0.003, 0.001),
  'pen-human-v1': small(0.1, 0.5),
  'pen-cloned-v1': small(0.05, 0.5),
  'pen-expert-v1': small(0.01, 0.01),
  'door-human-v1': small(0.1, 0.1),
  'door-cloned-v1': small(0.01, 0.1),
  'door-expert-v1': small(0.05, 0.01),
  'hammer-human-v1': small(0.01, 0.5),
  'hammer-cloned-v1': small(0.1, 0.5),
  'hammer-expert-v1': small(0.01, 0.01),
  'relocate-human-v1': small(0.1, 0.01),
  'relocate-cloned-v1': small(0.1, 0.01),
  'relocate-expert-v1': small(0.05, 0.01),
} as const satisfies Record<ReBRACPreset, Partial<ReBRACConfig>>;

/**
 * ReBRAC's published recipes, one per D4RL dataset, from CORL's configs (tinkoff-ai/CORL @6afec90):
 * the actor and critic β (`actor_bc_coef`, `critic_bc_coef`); AntMaze also actor lr 3e-4, critic lr
 * 5e-5, batch 256, γ 0.999 and rewards × 100; Maze2d and Adroit lr 3e-4 and batch 256.
 *
 * @example
 * ```ts
 * REBRAC_PRESETS['hopper-medium-v2']; // { actorBcWeight: 0.01, criticBcWeight: 0.01 }
 * ```
 */
export const REBRAC_PRESETS: Readonly<Record<ReBRACPreset, Partial<ReBRACConfig>>> = Object.freeze(REBRAC_PRESET_TABLE);
