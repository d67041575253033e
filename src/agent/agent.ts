import * as tf from '@tensorflow/tfjs-core';
import { normalizeObservations } from '../data';
import { CriticEnsemble, MLP } from '../nets';
import { writeFileAtomic } from '../platform/node-builtins';
import { Rng } from '../rng';
import type { ActOptions, ActionSpace, Policy } from '../types';
import { actionsFromUnit, actionsToUnit } from './action-scaling';
import type { AgentSpec } from './agent-spec';
import { Actor, disposeNetworks, type Network } from './networks';
import { serializeAgent, type SerializedAgent } from './serialize';

/**
 * A trained policy, with whatever other networks its algorithm learned (critics, a value network).
 * Created by the trainers ({@link trainIQL}, {@link trainBC}, {@link trainTD3BC}, {@link extractPolicy})
 * and by {@link loadAgent} / {@link agentFromJSON}. Observations are normalised with the training
 * statistics (when training used them) and box actions are mapped back to the dataset's bounds.
 *
 * @example
 * ```ts
 * const agent = await trainIQL(dataset, { steps: 10_000 });
 * agent.act([[0, 1, 0]]);          // greedy actions
 * agent.value([[0, 1, 0]]);        // V(s)
 * await agent.save('agent.json');  // Node
 * agent.dispose();
 * ```
 */
export class Agent implements Policy {
  /** How to rebuild this agent: algorithm, data shape, observation statistics, network roles, config. */
  readonly spec: AgentSpec;
  /** The networks by role (`actor`; `critics`, `targetCritics`, `value`, … as the algorithm declares). */
  readonly networks: Readonly<Record<string, Network>>;
  private readonly rng: Rng;
  private disposed = false;

  constructor(spec: AgentSpec, networks: Record<string, Network>) {
    if (!(networks.actor instanceof Actor)) throw new Error(`Agent: a ${spec.algorithm} agent needs an 'actor' network`);
    this.spec = spec;
    this.networks = networks;
    const seed = spec.config.seed;
    this.rng = Rng.named(typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff ? seed : 0, 'agent/act');
  }

  get observationDim(): number {
    return this.spec.observationDim;
  }

  get actionSpace(): ActionSpace {
    return this.spec.actionSpace;
  }

  /** The policy network and its head. */
  get actor(): Actor {
    return this.networks.actor as Actor;
  }

  /** The critics (`min_k Q_k` is {@link Agent.q}), when the algorithm learned them. */
  get critics(): CriticEnsemble | undefined {
    const c = this.networks.critics;
    return c instanceof CriticEnsemble ? c : undefined;
  }

  /** The state-value network `V(s)`, when the algorithm learned one (IQL). */
  get valueNetwork(): MLP | undefined {
    const v = this.networks.value;
    return v instanceof MLP ? v : undefined;
  }

  /**
   * Actions for a batch of observations: `number[][]` for box spaces (within the bounds), `number[]`
   * of indices for discrete spaces. Deterministic (the policy's mode, as IQL evaluates) by default.
   * Stochastic actions use `options.seeds` (one per row) when given, else `options.seed`, else a
   * fresh seed from the agent's own stream.
   */
  act(observations: number[][], options: ActOptions = {}): number[][] | number[] {
    const deterministic = options.deterministic ?? true;
    const seeds = options.seeds;
    if (seeds !== undefined && (!Array.isArray(seeds) || seeds.length !== observations?.length)) {
      throw new RangeError(`Agent.act: options.seeds must hold one seed per observation (${observations?.length}), got ${Array.isArray(seeds) ? seeds.length : String(seeds)}`);
    }
    const seed = seeds === undefined ? (options.seed ?? this.rng.seed()) : 0;
    const { mlp, head } = this.actor;
    const out = tf.tidy(() => {
      const raw = mlp.predict(this.observationTensor(observations, 'act'));
      if (deterministic) return head.mode(raw);
      if (seeds === undefined) return head.sample(raw, seed);
      // One sample per row with its own seed: row i does not depend on the batch it is in.
      const width = raw.shape[1];
      const rows = seeds.map((s, i) => head.sample(tf.slice(raw, [i, 0], [1, width]), s));
      return rows.length === 1 ? rows[0] : tf.concat(rows, 0);
    });
    const values = out.arraySync() as number[] | number[][];
    out.dispose();
    if (this.actionSpace.type === 'discrete') return values as number[];
    return actionsFromUnit(values as number[][], this.actionSpace);
  }

  /**
   * The actor network's raw output for a batch of observations (what the policy head reads), after
   * the agent's observation normalisation. Advanced use (diagnostics); the caller disposes it.
   */
  actorOutput(observations: number[][]): tf.Tensor2D {
    return tf.tidy(() => this.actor.mlp.predict(this.observationTensor(observations, 'actorOutput')));
  }

  /** `V(s)` per observation, for agents with a value network (IQL). */
  value(observations: number[][]): number[] {
    const net = this.valueNetwork;
    if (!net) throw new Error(`Agent.value: a ${this.spec.algorithm} agent has no value network (IQL agents have one)`);
    return this.read(() => tf.reshape(net.predict(this.observationTensor(observations, 'value')), [-1]));
  }

  /**
   * `min_k Q_k(s, a)` over the critics per row, for agents with critics (IQL, TD3+BC). `actions` are
   * `number[][]` within the box's own bounds, or `number[]` of indices for discrete spaces; they are
   * validated as observations are (finite, in the space, one per observation).
   */
  q(observations: number[][], actions: number[][] | number[]): number[] {
    const critics = this.critics;
    if (!critics) throw new Error(`Agent.q: a ${this.spec.algorithm} agent has no critics (IQL and TD3+BC agents have them)`);
    if (!Array.isArray(actions)) throw new RangeError(`Agent.q: actions must be an array with one action per observation, got ${String(actions)}`);
    if (!Array.isArray(observations) || actions.length !== observations.length) {
      throw new RangeError(`Agent.q: ${actions.length} actions for ${Array.isArray(observations) ? observations.length : 'no'} observations`);
    }
    return this.read(() => critics.min(this.observationTensor(observations, 'q'), this.actionTensor(actions)));
  }

  /** Writes the agent (weights, architecture, config, observation statistics) to one JSON file, atomically. Node only. */
  async save(path: string): Promise<void> {
    this.assertAlive('save');
    await writeFileAtomic(path, JSON.stringify(serializeAgent(this.spec, { ...this.networks })), 'agent.save');
  }

  /** The agent as a JSON-safe object (what `save` writes); rebuild it with {@link agentFromJSON}. */
  toJSON(): SerializedAgent {
    this.assertAlive('toJSON');
    return serializeAgent(this.spec, { ...this.networks });
  }

  /** Frees every tensor the agent holds. Further calls throw. */
  dispose(): void {
    if (this.disposed) return;
    disposeNetworks({ ...this.networks });
    this.disposed = true;
  }

  private read(fn: () => tf.Tensor): number[] {
    const t = tf.tidy(fn);
    const values = Array.from(t.dataSync());
    t.dispose();
    return values;
  }

  private assertAlive(method: string): void {
    if (this.disposed) throw new Error(`Agent.${method}: the agent has been disposed`);
  }

  private observationTensor(observations: number[][], method: string): tf.Tensor2D {
    this.assertAlive(method);
    const dim = this.observationDim;
    if (!Array.isArray(observations) || observations.length === 0) {
      throw new RangeError(`Agent.${method}: observations must be a non-empty number[][]`);
    }
    const flat = new Float32Array(observations.length * dim);
    observations.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== dim) throw new RangeError(`Agent.${method}: observations[${i}] has width ${Array.isArray(row) ? row.length : 'none'}, expected ${dim}`);
      for (let j = 0; j < dim; j++) {
        if (typeof row[j] !== 'number' || !Number.isFinite(row[j])) throw new RangeError(`Agent.${method}: observations[${i}][${j}] is ${row[j]}`);
        flat[i * dim + j] = row[j];
      }
    });
    const stats = this.spec.observationStats;
    return tf.tensor2d(stats ? normalizeObservations(flat, stats) : flat, [observations.length, dim]);
  }

  private actionTensor(actions: number[][] | number[]): tf.Tensor2D {
    const space = this.actionSpace;
    if (space.type === 'discrete') {
      const oneHot = new Float32Array(actions.length * space.n);
      (actions as number[]).forEach((a, i) => {
        if (!Number.isInteger(a) || a < 0 || a >= space.n) throw new RangeError(`Agent.q: actions[${i}] = ${String(a)} is not an action in 0…${space.n - 1}`);
        oneHot[i * space.n + a] = 1;
      });
      return tf.tensor2d(oneHot, [actions.length, space.n]);
    }
    const dim = space.low.length;
    const flat = new Float32Array(actions.length * dim);
    (actions as number[][]).forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== dim) throw new RangeError(`Agent.q: actions[${i}] has width ${Array.isArray(row) ? row.length : 'none'}, expected ${dim}`);
      row.forEach((a, j) => {
        if (typeof a !== 'number' || !Number.isFinite(a)) throw new RangeError(`Agent.q: actions[${i}][${j}] is ${String(a)}`);
        if (a < space.low[j] || a > space.high[j]) {
          throw new RangeError(`Agent.q: actions[${i}][${j}] = ${a} is outside the action bounds [${space.low[j]}, ${space.high[j]}]`);
        }
        flat[i * dim + j] = a;
      });
    });
    return tf.tensor2d(actionsToUnit(flat, space), [actions.length, dim]);
  }
}
