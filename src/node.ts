/**
 * `offline-rl/node`: the parts of offline-rl that only run in Node.js — {@link trainMany} (training
 * runs in `worker_threads`). Kept out of the core entry so that `import … from 'offline-rl'` bundles
 * for browsers with no configuration. (Files — `agent.save(path)`, `loadAgent(path)`, checkpoints —
 * are in the core: they reach Node's file system at run time through `process.getBuiltinModule`,
 * which bundlers never see, and say so clearly elsewhere.)
 *
 * @example
 * ```ts
 * import { trainMany } from 'offline-rl/node';
 * const agents = await trainMany('iql', dataset, [{ seed: 0 }, { seed: 1 }]);
 * ```
 *
 * @packageDocumentation
 */
export * from './parallel';
