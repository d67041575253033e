import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/agent';
import { agentFromJSON, loadAgent } from '../../src/agent/load-agent';
import { actorRole, buildRoles, criticsRole, resolveRoles, targetOf, valueRole, type DataShape } from '../../src/agent/networks';
import type { SerializedAgent } from '../../src/agent/serialize';
import { Rng } from '../../src/rng';
import { setTestBackend } from '../helpers/backend';

/**
 * Agent files that cannot be loaded are rejected with an error that says what is wrong (which
 * network role, which tensor), and a rejected load frees everything it built.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the edits write anything anywhere in a parsed file.
type Doc = any;

/** A current-format document: Gaussian actor, twin critics, their target and a value network; hidden [8]; 3 → 2. */
function goodDoc(): SerializedAgent {
  const shape: DataShape = { observationDim: 3, actionSpace: { type: 'box', low: [-1, -1], high: [1, 1] } };
  const records = resolveRoles({
    actor: actorRole(shape, { hiddenDims: [8], head: { kind: 'gaussian' } }),
    critics: criticsRole(shape, [8]),
    targetCritics: targetOf('critics'),
    value: valueRole(shape, [8]),
  });
  const spec = { algorithm: 'hand-built', ...shape, observationStats: null, networks: records, config: { seed: 1 }, trainedSteps: 0 };
  const agent = new Agent(spec, buildRoles(records, (role) => Rng.named(3, role)));
  const doc = JSON.parse(JSON.stringify(agent.toJSON()));
  agent.dispose();
  return doc;
}

interface BadCase {
  name: string;
  edit: (doc: Doc) => void;
  error: RegExp;
}

const CASES: BadCase[] = [
  // The architecture record disagrees with the weights.
  {
    name: 'actor hiddenDims changed in the record',
    edit: (d) => (d.spec.networks.actor.architecture.hiddenDims = [6]),
    error: /network 'actor', tensor 0 \(layer 0 kernel\) has shape \[3,8\], expected \[3,6\]/,
  },
  {
    name: 'a hidden layer added to the actor record',
    edit: (d) => (d.spec.networks.actor.architecture.hiddenDims = [8, 8]),
    error: /network 'actor' has 5 saved tensors, expected 7/,
  },
  {
    name: 'value hiddenDims changed in the record',
    edit: (d) => (d.spec.networks.value.architecture.hiddenDims = [6]),
    error: /network 'value', tensor 0 \(layer 0 kernel\) has shape \[3,8\], expected \[3,6\]/,
  },
  {
    name: 'critics (and their target) hiddenDims changed in the record',
    edit: (d) => {
      d.spec.networks.critics.architecture.hiddenDims = [6];
      d.spec.networks.targetCritics.architecture.hiddenDims = [6];
    },
    error: /network 'critics', tensor 0 \(critic 0 layer 0 kernel\) has shape \[5,8\], expected \[5,6\]/,
  },
  {
    name: 'critic count changed in the record',
    edit: (d) => {
      d.spec.networks.critics.architecture.count = 3;
      d.spec.networks.targetCritics.architecture.count = 3;
    },
    error: /network 'critics' has 8 saved tensors, expected 12/,
  },
  {
    name: 'state-independent Gaussian weights recorded as state-dependent',
    edit: (d) => (d.spec.networks.actor.architecture.head.stateDependentStd = true),
    error: /network 'actor' has 5 saved tensors, expected 4/,
  },
  {
    name: 'action space of the actor changed in the record',
    edit: (d) => (d.spec.networks.actor.architecture.actionSpace = { type: 'box', low: [-1], high: [1] }),
    error: /network 'actor', tensor 2 \(layer 1 kernel\) has shape \[8,2\], expected \[8,1\]/,
  },
  {
    name: 'a tensor cut short',
    edit: (d) => (d.weights.value[1].data = d.weights.value[1].data.slice(0, 16)), // 12 of 32 bytes
    error: /network 'value', tensor 1 \(layer 0 bias\): data holds 3 float32 values, expected 8/,
  },
  // Target roles must copy a network role of the same file, with the same architecture.
  {
    name: 'a target whose record differs from its source',
    edit: (d) => (d.spec.networks.critics.architecture.hiddenDims = [6]),
    error: /network 'targetCritics' is a target copy of 'critics', but its architecture record differs from that of 'critics'/,
  },
  {
    name: 'a target of a role the file does not have',
    edit: (d) => (d.spec.networks.targetCritics.targetOf = 'nope'),
    error: /network 'targetCritics' is a target copy of 'nope', which is not a network role of this file/,
  },
  {
    name: 'a target of another target',
    edit: (d) => {
      d.spec.networks.targetTarget = { ...d.spec.networks.targetCritics, targetOf: 'targetCritics' };
      d.weights.targetTarget = d.weights.targetCritics;
    },
    error: /network 'targetTarget' is a target copy of 'targetCritics', which is not a network role of this file/,
  },
  // Roles in the weights and in the record must agree.
  {
    name: 'weights for a role the record does not declare',
    edit: (d) => (d.weights.extra = d.weights.value),
    error: /weights for network 'extra', which the architecture record does not declare/,
  },
  {
    name: 'a role dropped from the record but not from the weights',
    edit: (d) => delete d.spec.networks.value,
    error: /weights for network 'value', which the architecture record does not declare/,
  },
  {
    name: 'a declared role without weights',
    edit: (d) => delete d.weights.value,
    error: /network 'value' has 0 saved tensors, expected 4/,
  },
  // Kinds this code does not know.
  {
    name: 'an unknown head kind',
    edit: (d) => (d.spec.networks.actor.architecture.head = { kind: 'beta', alpha: 2 }),
    error: /unknown policy head kind 'beta'/,
  },
  {
    name: 'an unknown network kind',
    edit: (d) => (d.spec.networks.value.architecture.kind = 'transformer'),
    error: /unknown network kind 'transformer'/,
  },
  {
    name: 'a head that does not fit the action space',
    edit: (d) => (d.spec.networks.actor.architecture.head = { kind: 'categorical' }),
    error: /a 'categorical' policy head needs a discrete action space/,
  },
  {
    name: 'an actor role that is not an actor',
    edit: (d) => {
      d.spec.networks.actor = d.spec.networks.value;
      d.weights.actor = d.weights.value;
    },
    error: /spec\.networks\.actor must be an 'actor' architecture, got 'mlp'/,
  },
  // Versions.
  {
    name: 'format version 3',
    edit: (d) => (d.version = 3),
    error: /agent file version 3 is not supported \(this offline-rl reads versions 1 and 2\)/,
  },
];

/** Live tensors and registered variables: both must be unchanged by a rejected load. */
const live = () => ({ tensors: tf.memory().numTensors, variables: Object.keys(tf.engine().registeredVariables).length });

describe('rejected agent files', () => {
  beforeAll(async () => setTestBackend('cpu'));
  const dir = mkdtempSync(join(tmpdir(), 'offline-rl-bad-'));

  it('the unedited document loads (so every rejection below is the edit’s doing)', () => {
    const before = live();
    agentFromJSON(goodDoc()).dispose();
    expect(live()).toEqual(before);
  });

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, i) => {
    const doc = goodDoc();
    c.edit(doc);
    const before = live();
    expect(() => agentFromJSON(doc)).toThrow(c.error);
    expect(live()).toEqual(before);
    const path = join(dir, `bad-${i}.json`);
    writeFileSync(path, JSON.stringify(doc));
    await expect(loadAgent(path)).rejects.toThrow(c.error);
    await expect(loadAgent(path)).rejects.toThrow(`(file ${path})`);
    expect(live()).toEqual(before);
  });

  it('a version-1 file with a missing tensor is rejected naming it, leaking nothing', async () => {
    const v1 = JSON.parse(readFileSync(join(__dirname, '../fixtures/agents-v1/iql-gaussian.json'), 'utf8'));
    const before = live();
    const noHead = structuredClone(v1);
    delete noHead.weights.head;
    expect(() => agentFromJSON(noHead)).toThrow(/network 'actor' has 6 saved tensors, expected 7/);
    const oddCritics = structuredClone(v1);
    oddCritics.weights.critics.pop();
    expect(() => agentFromJSON(oddCritics)).toThrow(/version-1 network 'critics' has 11 saved tensors, not a multiple of 6/);
    const shortValue = structuredClone(v1);
    shortValue.weights.value[4] = shortValue.weights.value[0];
    expect(() => agentFromJSON(shortValue)).toThrow(/network 'value' has 5 saved tensors, expected 6|network 'value', tensor 4/);
    expect(live()).toEqual(before);
  });
});
