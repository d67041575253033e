/**
 * Measure the reference returns of the point-maze layouts (`POINT_MAZE_REFERENCE_SCORES` in
 * `src/envs/point-maze/reference-scores.ts`): for every built-in layout, the mean return over 100
 * episodes (reset seeds 0–99) of the uniform random policy (`min`) and of the noise-free scripted
 * controller (`max`), for the sparse and the dense reward.
 *
 * Run: `npx tsx scripts/measure-point-maze-references.ts [--episodes 100] [--seed 0]`
 */
import { parseArgs } from 'node:util';
import { measurePointMazeReferences, POINT_MAZE_LAYOUT_NAMES } from '../src/envs/point-maze';

const { values } = parseArgs({
  options: {
    episodes: { type: 'string', default: '100' },
    seed: { type: 'string', default: '0' },
  },
});
const episodes = Number(values.episodes);
const seed = Number(values.seed);

console.log(
  `point-maze reference returns: ${episodes} episodes per policy, reset seeds ${seed}–${seed + episodes - 1}`,
);
for (const layout of POINT_MAZE_LAYOUT_NAMES) {
  const start = performance.now();
  const m = measurePointMazeReferences(layout, { episodes, seed });
  const ms = (performance.now() - start).toFixed(0);
  console.log(
    `${layout.padEnd(6)} sparse min ${m.sparse.min.toFixed(4)} max ${m.sparse.max.toFixed(4)} | ` +
      `dense min ${m.dense.min.toFixed(4)} max ${m.dense.max.toFixed(4)}  (${ms} ms)`,
  );
}
