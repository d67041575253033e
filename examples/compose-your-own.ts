/**
 * # Compose your own method: TD3+BC's actor over CQL critics
 *
 * offline-rl does not ship this method; it is built here from exported parts in one file. The
 * critics are TD3+BC's twin critics with the (plain, uniform-sample) CQL penalty added to their TD
 * loss, so Q is held down on actions the data does not support; the actor is TD3+BC's, with its BC
 * term. The shared trainer (`train` with an algorithm definition) does the rest: config, data,
 * networks, optimizers, seeding, checkpoints; the shared TD learner (`createTDLearner`) takes the critic
 * step with this loss. It trains on the point maze and prints its score beside
 * the shipped TD3+BC and BC.
 *
 *   npx tsx examples/compose-your-own.ts            # ~1 min on one wasm thread
 *   npx tsx examples/compose-your-own.ts --quick    # smoke run (seconds)
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import {
  acBcLoss, actorRole, cqlGaps, cqlPenalty, createDataset, createTDLearner, criticsRole, defineAlgorithm, envs,
  evaluate, mseBcLoss, policyBootstrap, polyakUpdate, repeatRows, targetOf, TD3BC_DEFAULTS, tdLoss, train,
  trainBC, trainTD3BC, useBackend, type MetricTensors, type TD3BCConfig,
} from 'offline-rl';

/** Uniform actions per state for the penalty, and its weight (CQL's α). */
const SAMPLES = 4;
const CQL_ALPHA = 1;

const TD3_CQL = defineAlgorithm({
  name: 'td3-cql',
  trainer: 'trainTD3CQL',
  defaults: TD3BC_DEFAULTS,
  validate: () => {},
  roles: (cfg: TD3BCConfig, shape) => ({
    actor: actorRole(shape, { hiddenDims: cfg.hiddenDims, head: { kind: 'deterministic' } }),
    targetActor: targetOf('actor'),
    critics: criticsRole(shape, cfg.hiddenDims),
    targetCritics: targetOf('critics'),
  }),
  learners: (cfg: TD3BCConfig) => ({
    actor: { roles: ['actor'], learningRate: cfg.learningRate },
    critic: { roles: ['critics'], learningRate: cfg.learningRate },
  }),
  update: ({ nets, learners }, batch, cfg, step): MetricTensors => {
    const { actor, targetActor, critics, targetCritics } = nets;
    const uniformSeed = step.seed('cql-uniform');
    return tf.tidy((): MetricTensors => {
      const { observations: s, actions: a } = batch;
      const [b, actionDim] = a.shape;
      // Critics: the shared TD learner with TD3's bootstrap (target actor, no smoothing noise here) ...
      const td = createTDLearner({
        critic: critics, target: targetCritics, learner: learners.critic, discount: cfg.discount, targetUpdateRate: cfg.targetUpdateRate,
        bootstrap: policyBootstrap((s2) => targetActor.head.mode(targetActor.mlp.predict(s2)) as tf.Tensor2D),
      });
      // ... and a loss of its target y plus CQL: Q at SAMPLES uniform actions per state, pushed below Q at the data action.
      const sRep = repeatRows(s, SAMPLES);
      const aUnif = tf.randomUniform([b * SAMPLES, actionDim], -1, 1, 'float32', uniformSeed) as tf.Tensor2D;
      const { loss: critic } = td.update(batch, {
        updateTarget: false,
        calls: [...critics.calls(s, a), ...critics.calls(sRep, aUnif)],
        loss: (outs, y) => {
          const k = critics.members.length;
          const dataQ = critics.outputsToQ(outs.slice(0, k), a);
          const uniformQ = critics.outputsToQ(outs.slice(k), aUnif).map((q) => tf.reshape(q, [b, SAMPLES]) as tf.Tensor2D);
          const gaps = cqlGaps({ dataQ, uniformQ }, { form: 'uniform', actionDim });
          return tf.add(tdLoss(dataQ, y), cqlPenalty(gaps, { cqlAlpha: CQL_ALPHA })) as tf.Scalar;
        },
      });
      // Actor: TD3+BC's, every policyDelay-th step, then the targets.
      if ((step.index + 1) % cfg.policyDelay !== 0) return { 'critic/loss': critic };
      const actorLoss = learners.actor.stepThroughCritics({
        actor: actor.mlp, observations: s, critics: [critics.members[0]],
        toActions: (raw) => actor.head.mode(raw) as tf.Tensor2D,
        loss: (pi, [q1]) => acBcLoss({ q: q1, bc: mseBcLoss(pi, a) }, { qWeight: cfg.qWeight, alpha: 1, normalizeQ: true }),
      });
      td.updateTarget();
      polyakUpdate(targetActor.variables, actor.variables, cfg.targetUpdateRate);
      return { 'critic/loss': critic, 'actor/loss': actorLoss };
    });
  },
});

const { values: args } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const budget = args.quick ? { size: 5_000, steps: 200, episodes: 1 } : { size: 50_000, steps: 5_000, episodes: 5 };
await useBackend('wasm');
const dataset = createDataset(envs.pointMazeDataset({ layout: 'medium', size: budget.size, seed: 3, kind: 'mixed', reward: 'dense' }));
const env = envs.pointMaze({ layout: 'medium', reward: 'dense' });
const config = { hiddenDims: [64, 64], steps: budget.steps, seed: 0 };
for (const [name, trainAgent] of [
  ['TD3 + CQL critics (composed here)', () => train(TD3_CQL, dataset, config)],
  ['TD3+BC (shipped)', () => trainTD3BC(dataset, config)],
  ['BC (shipped)', () => trainBC(dataset, config)],
] as const) {
  const agent = await trainAgent();
  const { normalizedScore } = await evaluate(agent, env, { episodes: budget.episodes, seed: 10 });
  console.log(`${name.padEnd(36)} normalized score ${normalizedScore!.toFixed(1)}`);
  agent.dispose();
}
