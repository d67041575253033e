/**
 * One IQL update in float64, written from the published recipe (Kostrikov, Nair & Levine 2022, the
 * authors' `learner.py` `_update_jit`), not from the library:
 *
 *   new_value  = update_v(target_critic, value, batch, expectile)
 *   new_actor  = awr_update_actor(actor, target_critic, new_value, batch, temperature)
 *   new_critic = update_q(critic, new_value, batch, discount)
 *   new_target = target_update(new_critic, target_critic, tau)
 *
 * with
 * - value loss `mean(|τ − 1(u < 0)|·u²)`, `u = min_k Q̄_k(s, a) − V(s)` (target critics);
 * - actor loss `−mean(min(exp(β·(min_k Q̄_k(s, a) − V_new(s))), 100) · log π(a|s))`, π the IQL
 *   Gaussian: mean `tanh(raw)`, state-independent log-std clipped to [−5, 2], unsquashed, log-density
 *   summed over action dimensions;
 * - critic loss `mean((Q_1 − y)² + (Q_2 − y)²)`, `y = r + γ·(1 − terminal)·V_new(s')`;
 * - Polyak `Q̄ ← (1 − ρ)·Q̄ + ρ·Q_new`.
 *
 * Each of the first three is one Adam step ({@link adamStep64}). Plain arrays in, plain arrays out.
 */
import { adamStep64, type AdamState64 } from './adam64';
import { awrLoss64, criticLoss64, expectileValueLoss64, unflattenNets64 } from './losses64';
import { concatRows64, flattenMlp64, polyak64, predict64, unflattenMlp64, type Mlp64 } from './mlp64';

/** A batch as plain arrays (`terminals` 1 = no bootstrap). */
export interface Batch64 {
  observations: number[][];
  actions: number[][];
  rewards: number[];
  nextObservations: number[][];
  terminals: number[];
}

/** IQL's networks. `logStd` is the Gaussian head's unclipped state-independent log-std. */
export interface IQLNets64 {
  actor: Mlp64;
  logStd: number[];
  critics: Mlp64[];
  targetCritics: Mlp64[];
  value: Mlp64;
}

/**
 * Adam states, flat in the library learners' order: actor = actor parameters then the log-std;
 * critic = critic 1's parameters then critic 2's; value = the value net's.
 */
export interface IQLAdam64 {
  actor: AdamState64;
  critic: AdamState64;
  value: AdamState64;
}

export interface IQLSettings64 {
  expectile: number;
  beta: number;
  discount: number;
  targetUpdateRate: number;
  maxAdvantageWeight: number;
  logStdMin: number;
  logStdMax: number;
  learningRates: { actor: number; critic: number; value: number };
}

/** Deliberate recipe mistakes, to show that a test tells them apart from the recipe. */
export interface IQLMistakes64 {
  /** The value step regresses on the online critics instead of the target critics. */
  onlineCriticsForValue?: boolean;
  /** The advantage uses V before the value step. */
  oldValueForAdvantage?: boolean;
  /** The TD target uses V(s') before the value step. */
  oldValueForTarget?: boolean;
  /** Polyak of the target critics before the critic step (towards the old critics). */
  polyakBeforeCritic?: boolean;
}

export interface IQLResult64 {
  nets: IQLNets64;
  adam: IQLAdam64;
  /** Losses before each step, as the library returns them. */
  losses: { value: number; actor: number; critic: number };
  /** Intermediate quantities, for checking that the fixture exercises the recipe. */
  details: { qTarget: number[]; advantages: number[]; weights: number[]; tdTarget: number[] };
}

const col = (out: number[][]) => out.map((row) => row[0]);
const minQ = (critics: Mlp64[], input: number[][]) => {
  const qs = critics.map((c) => col(predict64(c, input)));
  return qs[0].map((_, n) => Math.min(...qs.map((q) => q[n])));
};

/** One IQL update (see the file comment). Inputs are not modified. */
export function iqlUpdate64(nets: IQLNets64, adam: IQLAdam64, batch: Batch64, hp: IQLSettings64, mistakes: IQLMistakes64 = {}): IQLResult64 {
  const { observations: s, actions: a, rewards: r, nextObservations: s2, terminals: d } = batch;
  const sa = concatRows64(s, a);
  const lr = hp.learningRates;

  // 1. value: expectile regression of V(s) on min_k Q̄_k(s, a) of the target critics.
  const qTarget = minQ(nets.targetCritics, sa);
  const valueLoss = expectileValueLoss64(nets.value, s, mistakes.onlineCriticsForValue ? minQ(nets.critics, sa) : qTarget, hp.expectile);
  const valueStep = adamStep64(flattenMlp64(nets.value), valueLoss.grad, adam.value, lr.value);
  const value = unflattenMlp64(valueStep.params, nets.value);

  // 2. actor: AWR with A = min_k Q̄_k(s, a) − V_new(s), weights min(exp(β·A), 100).
  const vS = col(predict64(mistakes.oldValueForAdvantage ? nets.value : value, s));
  const advantages = qTarget.map((q, n) => q - vS[n]);
  const weights = advantages.map((x) => Math.min(Math.exp(hp.beta * x), hp.maxAdvantageWeight));
  const actorLoss = awrLoss64(nets.actor, nets.logStd, s, a, weights, hp.logStdMin, hp.logStdMax);
  const actorStep = adamStep64([...flattenMlp64(nets.actor), ...nets.logStd], actorLoss.grad, adam.actor, lr.actor);
  const nActor = actorStep.params.length - nets.logStd.length;

  // 3. critic: y = r + γ·(1 − terminal)·V_new(s'); both critics regress on y.
  let targetCritics = nets.targetCritics;
  if (mistakes.polyakBeforeCritic) targetCritics = targetCritics.map((t, k) => polyak64(t, nets.critics[k], hp.targetUpdateRate));
  const vNext = col(predict64(mistakes.oldValueForTarget ? nets.value : value, s2));
  const y = r.map((rn, n) => rn + hp.discount * (1 - d[n]) * vNext[n]);
  const criticLoss = criticLoss64(nets.critics, sa, y);
  const criticStep = adamStep64(nets.critics.flatMap(flattenMlp64), criticLoss.grad, adam.critic, lr.critic);
  const critics = unflattenNets64(criticStep.params, nets.critics);

  // 4. target: Polyak of the target critics towards the updated critics.
  if (!mistakes.polyakBeforeCritic) targetCritics = targetCritics.map((t, k) => polyak64(t, critics[k], hp.targetUpdateRate));

  return {
    nets: {
      actor: unflattenMlp64(actorStep.params.slice(0, nActor), nets.actor),
      logStd: actorStep.params.slice(nActor),
      critics,
      targetCritics,
      value,
    },
    adam: { actor: actorStep.state, critic: criticStep.state, value: valueStep.state },
    losses: { value: valueLoss.loss, actor: actorLoss.loss, critic: criticLoss.loss },
    details: { qTarget, advantages, weights, tdTarget: y },
  };
}
