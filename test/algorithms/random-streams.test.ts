import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { actorRole, criticsRole, targetOf, valueRole, type DataShape, type RoleDeclaration } from '../../src/agent/networks';
import { COMMON_DEFAULTS, defineAlgorithm, RandomStreams, type CommonConfig, type Trainer } from '../../src/algorithms';
import { createTrainer } from '../../src/algorithms/registry';
import type { Dataset } from '../../src/data';
import { MAX_SEED, Rng } from '../../src/rng';
import { setTestBackend } from '../helpers/backend';
import { episodicContinuousDataset } from './fixtures';

const TINY = { hiddenDims: [8, 8], batchSize: 16, steps: 10, seed: 7 };

/** A tiny algorithm with the given roles and one learner (over `trained`); its update only reports a zero loss (it is never run). */
function algorithm(name: string, roles: (cfg: CommonConfig, shape: DataShape) => Record<string, RoleDeclaration>, trained = 'actor') {
  return defineAlgorithm({
    name,
    trainer: `train_${name}`,
    defaults: COMMON_DEFAULTS,
    validate: () => {},
    roles,
    learners: (cfg: CommonConfig) => ({ main: { roles: [trained], learningRate: cfg.learningRate } }),
    update: () => ({ 'actor/loss': tf.scalar(0) }),
  });
}

const actor = (cfg: CommonConfig, shape: DataShape) => actorRole(shape, { hiddenDims: cfg.hiddenDims, head: { kind: 'gaussian' } });
const critics = (cfg: CommonConfig, shape: DataShape) => criticsRole(shape, cfg.hiddenDims);

// The same roles; then one more network; then the same roles declared in another order.
const BASE = algorithm('base', (cfg, shape) => ({ actor: actor(cfg, shape), critics: critics(cfg, shape), targetCritics: targetOf('critics') }));
const WITH_VALUE = algorithm('with-value', (cfg, shape) => ({
  value: valueRole(shape, cfg.hiddenDims),
  actor: actor(cfg, shape),
  critics: critics(cfg, shape),
  targetCritics: targetOf('critics'),
}));
const WITH_EXTRA_CRITICS = algorithm('with-extra-critics', (cfg, shape) => ({
  actor: actor(cfg, shape),
  extraCritics: criticsRole(shape, cfg.hiddenDims, 4),
  critics: critics(cfg, shape),
  targetCritics: targetOf('critics'),
}));
const REORDERED = algorithm('reordered', (cfg, shape) => ({ targetCritics: targetOf('critics'), critics: critics(cfg, shape), actor: actor(cfg, shape) }));

let dataset: Dataset;
let tensors: number;

beforeAll(async () => {
  await setTestBackend('cpu');
  dataset = episodicContinuousDataset(64, 1);
});
beforeEach(() => {
  tensors = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensors);
});

/** The initial state of a trainer (weights and streams, before any update); the trainer is freed. */
function initialState(def: Parameters<typeof createTrainer>[0] & object, cfg: object = TINY) {
  const trainer: Trainer = createTrainer(def as typeof BASE, dataset, cfg);
  try {
    return trainer.state();
  } finally {
    trainer.dispose();
  }
}

describe('named random streams: every network draws its init from its own stream', () => {
  it('adding a network (a value MLP, or another critic ensemble) changes no other network’s initial weights', () => {
    const base = initialState(BASE);
    for (const def of [WITH_VALUE, WITH_EXTRA_CRITICS]) {
      const more = initialState(def);
      for (const role of ['actor', 'critics', 'targetCritics']) expect(more.weights[role], `${def.name}: ${role}`).toEqual(base.weights[role]);
      // …nor the sampler's stream.
      expect(more.random.sampler).toEqual(base.random.sampler);
    }
    expect(Object.keys(initialState(WITH_VALUE).weights)).toContain('value');
  });

  it('the order in which roles are declared changes nothing', () => {
    const base = initialState(BASE);
    const reordered = initialState(REORDERED);
    expect(Object.keys(reordered.networks)).toEqual(['targetCritics', 'critics', 'actor']);
    for (const role of ['actor', 'critics', 'targetCritics']) expect(reordered.weights[role], role).toEqual(base.weights[role]);
  });

  it('targets start as copies of their source and draw no stream; other seeds give other weights', () => {
    const base = initialState(BASE);
    expect(base.weights.targetCritics).toEqual(base.weights.critics);
    expect(Object.keys(base.random).sort()).toEqual(['init/actor', 'init/critics', 'sampler']);
    const other = initialState(BASE, { ...TINY, seed: 8 });
    expect(other.weights.actor).not.toEqual(base.weights.actor);
    expect(other.weights.critics).not.toEqual(base.weights.critics);
  });

  it('the same seed gives the same initial state', () => {
    expect(initialState(WITH_VALUE)).toEqual(initialState(WITH_VALUE));
  });

  it('RandomStreams hands out Rng.named streams, keeps one per name, and restores their states', () => {
    const streams = new RandomStreams(5);
    const a = streams.get('update/dropout');
    expect(streams.get('update/dropout')).toBe(a);
    expect(a.next()).toBe(Rng.named(5, 'update/dropout').next());
    a.normal();
    const saved = streams.states();
    const restored = new RandomStreams(5);
    restored.restore(saved);
    expect(restored.get('update/dropout').normal()).toBe(a.normal());
    expect(restored.get('update/dropout').next()).toBe(a.next());
  });
});

describe('the trainer needs an actor', () => {
  it('an algorithm without an actor role is rejected when the trainer is created, not after training', () => {
    const noActor = algorithm('no-actor', (cfg, shape) => ({ value: valueRole(shape, cfg.hiddenDims) }), 'value');
    expect(() => createTrainer(noActor, dataset, TINY)).toThrow(/train_no-actor: .*'actor' role/);
    const valueAsActor = algorithm('value-as-actor', (cfg, shape) => ({ actor: valueRole(shape, cfg.hiddenDims) }));
    expect(() => createTrainer(valueAsActor, dataset, TINY)).toThrow(/train_value-as-actor: .*'actor' role of kind 'actor'/);
  });
});

describe('Rng', () => {
  const draws = (rng: Rng, n = 8) => Array.from({ length: n }, () => rng.next());

  it('Rng.named is reproducible and differs across names and seeds', () => {
    expect(draws(Rng.named(3, 'init/actor'))).toEqual(draws(Rng.named(3, 'init/actor')));
    const streams = [
      [3, 'init/actor'],
      [3, 'init/critics'],
      [3, 'init/value'],
      [3, 'sampler'],
      [4, 'init/actor'],
      [0, 'init/actor'],
      [MAX_SEED, 'init/actor'],
      [3, ''],
    ] as const;
    const firsts = streams.map(([seed, name]) => draws(Rng.named(seed, name)).join(','));
    expect(new Set(firsts).size).toBe(streams.length);
    // A named stream is not the plain stream of the seed either.
    expect(draws(Rng.named(3, 'sampler'))).not.toEqual(draws(new Rng(3)));
  });

  it('getState / setState continue a stream exactly, including the cached second normal draw', () => {
    const rng = new Rng(11);
    draws(rng, 5);
    rng.normal(); // caches the spare
    const state = rng.getState();
    expect(state.spare).not.toBeNull();
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    const expected = [rng.normal(), rng.normal(), rng.next(), rng.int(100), rng.seed(), rng.normal()];

    const copy = Rng.fromState(state);
    expect([copy.normal(), copy.normal(), copy.next(), copy.int(100), copy.seed(), copy.normal()]).toEqual(expected);

    const other = new Rng(99);
    other.normal();
    other.setState(JSON.parse(JSON.stringify(state)));
    expect([other.normal(), other.normal(), other.next(), other.int(100), other.seed(), other.normal()]).toEqual(expected);

    // Without a spare the next normal is computed afresh (and a set state drops the old spare).
    const fresh = new Rng(11);
    fresh.normal();
    fresh.setState({ ...state, spare: null });
    expect(fresh.normal()).not.toBe(expected[0]);
  });

  it('rejects seeds that are not integers in 0 … 2³² − 1 and malformed states', () => {
    expect(() => new Rng(0.5)).toThrow(RangeError);
    expect(() => new Rng(0.5)).toThrow(/seed must be an integer in 0 … 4294967295, got 0.5/);
    expect(() => new Rng(-1)).toThrow(RangeError);
    expect(() => new Rng(MAX_SEED + 1)).toThrow(RangeError);
    expect(() => Rng.named(1.5, 'x')).toThrow(/Rng.named: seed/);
    expect(() => new Rng(MAX_SEED)).not.toThrow();
    expect(() => new Rng(0).setState({ words: [1, 2, 3], spare: null })).toThrow(/four 32-bit integers/);
  });
});
