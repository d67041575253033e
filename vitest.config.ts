import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // `import … from 'offline-rl'` in tests resolves to the sources, as in tsconfig.json `paths`.
    alias: [
      { find: /^offline-rl$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^offline-rl\/node$/, replacement: fileURLToPath(new URL('./src/node.ts', import.meta.url)) },
      { find: /^offline-rl\/mujoco$/, replacement: fileURLToPath(new URL('./src/mujoco/index.ts', import.meta.url)) },
      { find: /^offline-rl\/io$/, replacement: fileURLToPath(new URL('./src/io.ts', import.meta.url)) },
      { find: /^offline-rl\/plot$/, replacement: fileURLToPath(new URL('./src/plot.ts', import.meta.url)) },
    ],
  },
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // One test file per core, at least two (vitest's default, cores − 1, runs the suite serially on
    // the 2-core CI host). Each fork multiplies on one thread (the setup file).
    maxWorkers: Math.max(2, availableParallelism()),
    setupFiles: ['test/setup/one-gemm-thread.ts'],
    // Learning tests train for real; a loaded 2-core CI host can be several times slower than a quiet one.
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
