import type { ConfigRecord } from '../../agent/agent-spec';
import type { RoleRecord } from '../../agent/networks';
import type { SerializedTensor } from '../../agent/tensor-codec';
import type { ObservationStats } from '../../data';
import { nodeFs, writeFileAtomic } from '../../platform/node-builtins';
import type { RngState } from '../../rng';
import type { ActionSpace } from '../../types';

/**
 * Identifies an offline-rl checkpoint file.
 *
 * @example
 * ```ts
 * JSON.parse(text).format === CHECKPOINT_FORMAT;
 * ```
 */
export const CHECKPOINT_FORMAT = 'offline-rl/checkpoint';
/**
 * Version of the checkpoint layout this code writes and reads.
 *
 * @example
 * ```ts
 * CHECKPOINT_FORMAT_VERSION; // 1
 * ```
 */
export const CHECKPOINT_FORMAT_VERSION = 1;

/**
 * What identifies the data a run trains on, so a checkpoint is not resumed on other data: the
 * prepared dataset's sizes and float64 sums of its columns.
 *
 * @example
 * ```ts
 * const fp: DataFingerprint = state.data;
 * ```
 */
export interface DataFingerprint {
  size: number;
  observationDim: number;
  actionSpace: ActionSpace;
  /** Rows the sampler draws from. */
  rows: number;
  /** Sums of the observation, action and reward columns, rounded to 6 significant digits. */
  sums: number[];
}

/**
 * A trainer's full state: what a checkpoint file holds. Resuming from it continues the run exactly
 * (bit-identical on the cpu backend) where it was written.
 *
 * @example
 * ```ts
 * const state: TrainerState = trainer.state();
 * state.step; // updates done
 * ```
 */
export interface TrainerState {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  algorithm: string;
  /** Updates done. */
  step: number;
  config: ConfigRecord;
  data: DataFingerprint;
  observationStats: ObservationStats | null;
  networks: Record<string, RoleRecord>;
  /** Every role's weights, targets included. */
  weights: Record<string, SerializedTensor[]>;
  /** Each learner's Adam state: step count and moments, in its variables' order. */
  optimizers: Record<string, { step: number; m: SerializedTensor[]; v: SerializedTensor[] }>;
  /** Every named random stream's state (the sampler's included). */
  random: Record<string, RngState>;
}

/**
 * Writes a checkpoint atomically (temporary file, then rename): a crash or an error while writing
 * leaves the previous checkpoint intact. Node only.
 *
 * @example
 * ```ts
 * await writeCheckpoint('run.ckpt.json', trainer.state());
 * ```
 */
export async function writeCheckpoint(path: string, state: TrainerState): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(state), 'checkpoint');
}

/**
 * Reads a checkpoint file, checking its format and version. Node only.
 *
 * @throws Error naming the file when it cannot be read (missing, unreadable) or is not a checkpoint of this version; fs's error is its `cause`.
 * @example
 * ```ts
 * const state = await readCheckpoint('run.ckpt.json');
 * ```
 */
export async function readCheckpoint(path: string): Promise<TrainerState> {
  let text: string;
  try {
    text = await nodeFs('resume').readFile(path, 'utf8');
  } catch (err) {
    // fs's own message (`ENOENT: no such file or directory, open '…'`) does not say that resuming failed.
    throw new Error(`resume: cannot read the checkpoint ${path} (${(err as Error).message})`, { cause: err });
  }
  let doc: Partial<TrainerState>;
  try {
    doc = JSON.parse(text) as Partial<TrainerState>;
  } catch (err) {
    throw new Error(`resume: ${path} is not valid JSON (${(err as Error).message})`);
  }
  if (doc?.format !== CHECKPOINT_FORMAT) throw new Error(`resume: ${path} is not an offline-rl checkpoint (format is ${JSON.stringify(doc?.format)})`);
  if (doc.version !== CHECKPOINT_FORMAT_VERSION) {
    throw new Error(`resume: ${path} is checkpoint version ${doc.version}; this offline-rl reads version ${CHECKPOINT_FORMAT_VERSION}`);
  }
  return doc as TrainerState;
}
