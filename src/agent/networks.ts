import * as tf from '@tensorflow/tfjs-core';
import type { PolicyHead } from '../heads';
import { checkNetworkInit, CriticEnsemble, MLP, type NetworkInit } from '../nets';
import { Rng } from '../rng';
import type { ActionSpace } from '../types';
import { createHead, resolveHeadSpec, type HeadSpec } from './head-spec';

/**
 * A policy network: an MLP whose output a policy head reads.
 *
 * @example
 * ```ts
 * const actor = agent.networks.actor as Actor;
 * const actions = actor.head.mode(actor.mlp.predict(observations));
 * ```
 */
export class Actor {
  constructor(
    readonly mlp: MLP,
    readonly head: PolicyHead,
  ) {}

  /** The MLP's variables, then the head's (e.g. the Gaussian log-std). */
  get variables(): tf.Variable[] {
    return [...this.mlp.variables, ...this.head.variables];
  }

  /** Copies the weights of an actor of the same architecture. */
  copyFrom(source: Actor): void {
    this.mlp.copyFrom(source.mlp);
    tf.tidy(() => this.head.variables.forEach((v, i) => v.assign(source.head.variables[i])));
  }

  dispose(): void {
    this.mlp.dispose();
    this.head.dispose();
  }
}

/**
 * Architecture of a policy network: an MLP over observations and the head it feeds.
 *
 * @example
 * ```ts
 * const arch: ActorArchitecture = { kind: 'actor', inputDim: 17, actionSpace, hiddenDims: [256, 256], head: { kind: 'gaussian' }, dropoutRate: 0 };
 * ```
 */
export interface ActorArchitecture {
  kind: 'actor';
  inputDim: number;
  /** The action space the head acts in (box heads work in [−1, 1]; the agent maps to the bounds). */
  actionSpace: ActionSpace;
  hiddenDims: number[];
  head: HeadSpec;
  /** Dropout after each hidden layer while training (official IQL kitchen/adroit: 0.1). */
  dropoutRate: number;
  /** Layer norm after each hidden ReLU (CORL ReBRAC `actor_ln`); recorded only when true, absent means false (files from before it load unchanged). */
  layerNorm?: boolean;
  /** How the initial weights were drawn; absent means `'orthogonal'` (see {@link withInit}). */
  init?: NetworkInit;
}

/**
 * Architecture of an ensemble of Q-networks (see {@link CriticEnsemble}).
 *
 * @example
 * ```ts
 * const arch: CriticsArchitecture = { kind: 'critics', observationDim: 17, actionSpace, hiddenDims: [256, 256], count: 2 };
 * ```
 */
export interface CriticsArchitecture {
  kind: 'critics';
  observationDim: number;
  actionSpace: ActionSpace;
  hiddenDims: number[];
  count: number;
  /** Layer norm after each hidden ReLU of every critic (ReBRAC, CORL `critic_ln`); recorded only when true, absent means false. */
  layerNorm?: boolean;
  /** How the initial weights were drawn; absent means `'orthogonal'` (see {@link withInit}). */
  init?: NetworkInit;
}

/**
 * Architecture of a plain MLP (a value network `V(s)`: `outputDim` 1).
 *
 * @example
 * ```ts
 * const arch: MLPArchitecture = { kind: 'mlp', inputDim: 17, hiddenDims: [256, 256], outputDim: 1, dropoutRate: 0 };
 * ```
 */
export interface MLPArchitecture {
  kind: 'mlp';
  inputDim: number;
  hiddenDims: number[];
  outputDim: number;
  dropoutRate: number;
  /** Layer norm after each hidden ReLU; recorded only when true, absent means false. */
  layerNorm?: boolean;
  /** How the initial weights were drawn; absent means `'orthogonal'` (see {@link withInit}). */
  init?: NetworkInit;
}

/**
 * A network role that is a frozen copy of another role (a target network), moved by Polyak averaging.
 * Declared, never hand-cloned: the trainer builds it as a copy of `of` without drawing an init.
 *
 * @example
 * ```ts
 * const roles = { critics: criticsRole(shape, [256, 256]), targetCritics: targetOf('critics') };
 * ```
 */
export interface TargetDeclaration<Of extends string = string> {
  kind: 'target';
  of: Of;
}

/**
 * An architecture a role can have.
 *
 * @example
 * ```ts
 * const arch: NetworkArchitecture = agent.spec.networks.value.architecture;
 * ```
 */
export type NetworkArchitecture = ActorArchitecture | CriticsArchitecture | MLPArchitecture;

/**
 * What an algorithm declares per role: an architecture, or a target copy of another role.
 *
 * @example
 * ```ts
 * const roles: Record<string, RoleDeclaration> = { actor: actorRole(shape, { hiddenDims, head }), targetActor: targetOf('actor') };
 * ```
 */
export type RoleDeclaration = NetworkArchitecture | TargetDeclaration;

/**
 * A role as an agent records it: the architecture (a target's is its source's), the source when the
 * role is a target copy, and whether it trains.
 *
 * @example
 * ```ts
 * agent.spec.networks.targetCritics; // { architecture: { kind: 'critics', … }, targetOf: 'critics' }
 * ```
 */
export interface RoleRecord {
  architecture: NetworkArchitecture;
  /** The role this one is a target copy of. */
  targetOf?: string;
}

/**
 * The built network of an architecture.
 *
 * @example
 * ```ts
 * type V = NetworkOf<MLPArchitecture>; // MLP
 * ```
 */
export type NetworkOf<A> = A extends ActorArchitecture ? Actor : A extends CriticsArchitecture ? CriticEnsemble : A extends MLPArchitecture ? MLP : never;

/**
 * The networks built from a set of role declarations, by role, typed: a target role has its source's type.
 *
 * @example
 * ```ts
 * type Nets = BuiltNetworks<{ actor: ActorArchitecture; critics: CriticsArchitecture; targetCritics: TargetDeclaration<'critics'> }>;
 * // { actor: Actor; critics: CriticEnsemble; targetCritics: CriticEnsemble }
 * ```
 */
export type BuiltNetworks<R> = {
  [K in keyof R]: R[K] extends TargetDeclaration<infer O> ? (O extends keyof R ? NetworkOf<R[O]> : never) : NetworkOf<R[K]>;
};

/**
 * Any built network.
 *
 * @example
 * ```ts
 * const net: Network = agent.networks.value;
 * ```
 */
export type Network = Actor | CriticEnsemble | MLP;

/**
 * Observation width and action space: what a role declaration needs to know of the data.
 *
 * @example
 * ```ts
 * const shape: DataShape = { observationDim: dataset.observationDim, actionSpace: dataset.actionSpace };
 * ```
 */
export interface DataShape {
  observationDim: number;
  actionSpace: ActionSpace;
}

/**
 * Declares a policy network over the observations.
 *
 * @example
 * ```ts
 * actorRole(shape, { hiddenDims: [256, 256], head: { kind: 'gaussian' }, dropoutRate: 0.1 });
 * ```
 */
export function actorRole(shape: DataShape, options: { hiddenDims: number[]; head: HeadSpec; dropoutRate?: number; layerNorm?: boolean }): ActorArchitecture {
  const arch: ActorArchitecture = { kind: 'actor', inputDim: shape.observationDim, actionSpace: shape.actionSpace, hiddenDims: [...options.hiddenDims], head: resolveHeadSpec(options.head), dropoutRate: options.dropoutRate ?? 0 };
  return options.layerNorm ? { ...arch, layerNorm: true } : arch;
}

/**
 * Declares `count` Q-networks over the data's observations and actions.
 *
 * @example
 * ```ts
 * criticsRole(shape, [256, 256]); // twin critics
 * criticsRole(shape, [256, 256, 256], 2, { layerNorm: true }); // ReBRAC's critics
 * ```
 */
export function criticsRole(shape: DataShape, hiddenDims: number[], count = 2, options: { layerNorm?: boolean } = {}): CriticsArchitecture {
  const arch: CriticsArchitecture = { kind: 'critics', observationDim: shape.observationDim, actionSpace: shape.actionSpace, hiddenDims: [...hiddenDims], count };
  return options.layerNorm ? { ...arch, layerNorm: true } : arch;
}

/**
 * Declares a state-value network `V(s)` (an MLP over observations with one output).
 *
 * @example
 * ```ts
 * valueRole(shape, [256, 256]);
 * ```
 */
export function valueRole(shape: DataShape, hiddenDims: number[]): MLPArchitecture {
  return { kind: 'mlp', inputDim: shape.observationDim, hiddenDims: [...hiddenDims], outputDim: 1, dropoutRate: 0 };
}

/**
 * The same architecture with its initial weights drawn by `init` (recorded in the architecture, so
 * the agent's `spec.networks` says how each network started). Without it a network is initialised
 * `'orthogonal'`.
 *
 * @example
 * ```ts
 * withInit(criticsRole(shape, [256, 256]), 'pytorch'); // { kind: 'critics', …, init: 'pytorch' }
 * ```
 */
export function withInit<A extends NetworkArchitecture>(architecture: A, init: NetworkInit): A {
  return { ...architecture, init };
}

/**
 * Declares a target copy of another role.
 *
 * @example
 * ```ts
 * const roles = { critics: criticsRole(shape, hidden), targetCritics: targetOf('critics') };
 * ```
 */
export function targetOf<Of extends string>(of: Of): TargetDeclaration<Of> {
  return { kind: 'target', of };
}

/**
 * Builds one network from its architecture, drawing the initial weights from `rng`.
 *
 * @example
 * ```ts
 * const value = buildNetwork({ kind: 'mlp', inputDim: 3, hiddenDims: [8], outputDim: 1, dropoutRate: 0 }, new Rng(0), 'value');
 * ```
 */
export function buildNetwork(arch: NetworkArchitecture, rng: Rng, name: string, trainable = true): Network {
  const layerNorm = arch.layerNorm ?? false;
  if (typeof layerNorm !== 'boolean') throw new RangeError(`network '${name}': layerNorm must be a boolean, got ${JSON.stringify(layerNorm)}`);
  const init = arch.init;
  if (init !== undefined) checkNetworkInit(`network '${name}'`, 'architecture init', init);
  switch (arch.kind) {
    case 'actor': {
      const head = createHead(arch.head, arch.actionSpace);
      const mlp = new MLP({ inputDim: arch.inputDim, hiddenDims: arch.hiddenDims, outputDim: head.inputDim, rng, name, dropoutRate: arch.dropoutRate, trainable, layerNorm, init });
      return new Actor(mlp, head);
    }
    case 'critics':
      return new CriticEnsemble({ observationDim: arch.observationDim, actionSpace: arch.actionSpace, hiddenDims: arch.hiddenDims, count: arch.count, rng, trainable, layerNorm, init });
    case 'mlp':
      return new MLP({ inputDim: arch.inputDim, hiddenDims: arch.hiddenDims, outputDim: arch.outputDim, rng, name, dropoutRate: arch.dropoutRate, trainable, layerNorm, init });
    default:
      throw new RangeError(`unknown network kind '${String((arch as { kind?: unknown }).kind)}'`);
  }
}

/**
 * Copies `source`'s weights into `target` (same architecture).
 *
 * @example
 * ```ts
 * copyNetwork(nets.targetCritics, nets.critics);
 * ```
 */
export function copyNetwork(target: Network, source: Network): void {
  if (target instanceof Actor && source instanceof Actor) target.copyFrom(source);
  else if (target instanceof CriticEnsemble && source instanceof CriticEnsemble) target.copyFrom(source);
  else if (target instanceof MLP && source instanceof MLP) target.copyFrom(source);
  else throw new Error('copyNetwork: the two networks have different kinds');
}

/**
 * The role records of a set of declarations: every role's full architecture (a target's is its
 * source's), in declaration order. Throws when a target names an unknown role or another target.
 *
 * @example
 * ```ts
 * const records = resolveRoles({ critics: criticsRole(shape, [8]), targetCritics: targetOf('critics') });
 * ```
 */
export function resolveRoles(declarations: Record<string, RoleDeclaration>): Record<string, RoleRecord> {
  const records: Record<string, RoleRecord> = {};
  for (const [role, decl] of Object.entries(declarations)) {
    if (decl.kind === 'target') {
      const source = declarations[decl.of];
      if (!source || source.kind === 'target') throw new Error(`role '${role}' is a target of '${decl.of}', which is not a network role`);
      records[role] = { architecture: source, targetOf: decl.of };
    } else {
      records[role] = { architecture: decl };
    }
  }
  return records;
}

/**
 * Builds every role of a set of records: each network role from its own random stream `streamOf(role)`
 * (so the order in which roles are declared or built changes no other role's weights), then each
 * target as a frozen copy of its source (no random draw).
 *
 * @example
 * ```ts
 * const nets = buildRoles(records, (role) => Rng.named(seed, `init/${role}`));
 * ```
 */
export function buildRoles(records: Record<string, RoleRecord>, streamOf: (role: string) => Rng): Record<string, Network> {
  const nets: Record<string, Network> = {};
  try {
    for (const [role, record] of Object.entries(records)) {
      if (record.targetOf === undefined) nets[role] = buildNetwork(record.architecture, streamOf(role), role);
    }
    for (const [role, record] of Object.entries(records)) {
      if (record.targetOf === undefined) continue;
      const copy = buildNetwork(record.architecture, new Rng(0), role, false);
      nets[role] = copy;
      copyNetwork(copy, nets[record.targetOf]);
    }
  } catch (err) {
    disposeNetworks(nets);
    throw err;
  }
  return nets;
}

/**
 * Frees every network's variables.
 *
 * @example
 * ```ts
 * disposeNetworks(agent.networks);
 * ```
 */
export function disposeNetworks(nets: Record<string, Network>): void {
  Object.values(nets).forEach((net) => net.dispose());
}
