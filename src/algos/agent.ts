import * as tf from '@tensorflow/tfjs-core';
import { normalizeObservations } from '../data';
import { Rng } from '../rng';
import type { ActOptions, ActionSpace, Policy } from '../types';
import { actionsFromUnit, actionsToUnit } from './action-scaling';
import { disposeNetworks, type AgentNetworks, type AgentSpec } from './agent-networks';
import { serializeAgent, writeFileAtomic, type SerializedAgent } from './agent-serialize';

/**
 * A trained policy, with the critics and value network when the algorithm learned them (IQL).
 * Created by the trainers ({@link trainIQL}, {@link trainBC}, {@link extractPolicy}) and by
 * {@link loadAgent}. Observations are normalised with the training statistics (when training used
 * them) and box actions are mapped back to the dataset's action bounds.
 *
 * @example
 * ```ts
 * const agent = await trainIQL(dataset, { steps: 10_000 });
 * agent.act([[0, 1, 0]]);          // greedy actions
 * agent.value([[0, 1, 0]]);        // V(s)
 * await agent.save('agent.json');
 * agent.dispose();
 * ```
 */
export class Agent implements Policy {
  /** How to rebuild this agent: algorithm, sizes, action space, observation statistics, config. */
  readonly spec: AgentSpec;
  /** The networks (advanced use: building on the trained parts). */
  readonly networks: AgentNetworks;
  private readonly rng: Rng;
  private disposed = false;

  constructor(spec: AgentSpec, networks: AgentNetworks) {
    this.spec = spec;
    this.networks = networks;
    const seed = spec.config.seed;
    this.rng = new Rng(typeof seed === 'number' ? seed : 0).split();
  }

  get observationDim(): number {
    return this.spec.observationDim;
  }

  get actionSpace(): ActionSpace {
    return this.spec.actionSpace;
  }

  /**
   * Actions for a batch of observations: `number[][]` for box spaces (within the bounds), `number[]`
   * of indices for discrete spaces. Deterministic (the policy's mode, as IQL evaluates) by default.
   */
  act(observations: number[][], options: ActOptions = {}): number[][] | number[] {
    const deterministic = options.deterministic ?? true;
    const seed = options.seed ?? this.rng.seed();
    const out = tf.tidy(() => {
      const raw = this.networks.actor.predict(this.observationTensor(observations, 'act'));
      return deterministic ? this.networks.head.mode(raw) : this.networks.head.sample(raw, seed);
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
    return tf.tidy(() => this.networks.actor.predict(this.observationTensor(observations, 'actorOutput')));
  }

  /** `V(s)` per observation (IQL agents). */
  value(observations: number[][]): number[] {
    const net = this.networks.value;
    if (!net) throw new Error(`Agent.value: a ${this.spec.algorithm} agent has no value network (train with trainIQL)`);
    return this.read(() => tf.reshape(net.predict(this.observationTensor(observations, 'value')), [-1]));
  }

  /**
   * `min_k Q_k(s, a)` over the twin critics per row (IQL agents). `actions` are `number[][]` in the
   * box's own bounds, or `number[]` of indices for discrete spaces.
   */
  q(observations: number[][], actions: number[][] | number[]): number[] {
    const critics = this.networks.critics;
    if (!critics) throw new Error(`Agent.q: a ${this.spec.algorithm} agent has no critics (train with trainIQL)`);
    if (actions.length !== observations.length) {
      throw new RangeError(`Agent.q: ${actions.length} actions for ${observations.length} observations`);
    }
    return this.read(() => critics.min(this.observationTensor(observations, 'q'), this.actionTensor(actions)));
  }

  /** Writes the agent (weights, config, observation statistics, action space) to one JSON file, atomically. */
  async save(path: string): Promise<void> {
    this.assertAlive('save');
    await writeFileAtomic(path, JSON.stringify(serializeAgent(this.spec, this.networks)));
  }

  /** The agent as a JSON-safe object (what `save` writes); rebuild it with {@link agentFromJSON}. */
  toJSON(): SerializedAgent {
    this.assertAlive('toJSON');
    return serializeAgent(this.spec, this.networks);
  }

  /** Frees every tensor the agent holds. Further calls throw. */
  dispose(): void {
    if (this.disposed) return;
    disposeNetworks(this.networks);
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
      if (!row || row.length !== dim) throw new RangeError(`Agent.${method}: observations[${i}] has width ${row?.length}, expected ${dim}`);
      for (let j = 0; j < dim; j++) {
        if (!Number.isFinite(row[j])) throw new RangeError(`Agent.${method}: observations[${i}][${j}] is ${row[j]}`);
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
        if (!Number.isInteger(a) || a < 0 || a >= space.n) throw new RangeError(`Agent.q: actions[${i}] = ${a} is not an action in 0…${space.n - 1}`);
        oneHot[i * space.n + a] = 1;
      });
      return tf.tensor2d(oneHot, [actions.length, space.n]);
    }
    const dim = space.low.length;
    const flat = new Float32Array(actions.length * dim);
    (actions as number[][]).forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== dim) throw new RangeError(`Agent.q: actions[${i}] has width ${Array.isArray(row) ? row.length : 'none'}, expected ${dim}`);
      row.forEach((a, j) => (flat[i * dim + j] = a));
    });
    return tf.tensor2d(actionsToUnit(flat, space), [actions.length, dim]);
  }
}
