import { defineConfig } from 'tsup';

export default defineConfig({
  // `train-worker` is the entry module of trainMany's worker threads, found beside the entry users
  // import (dist/train-worker.js next to dist/index.js, dist/train-worker.cjs next to dist/index.cjs).
  // `node` is the Node-only subpath `offline-rl/node` (trainMany); the core entry has no `node:` import.
  // `mujoco` is `offline-rl/mujoco` (the locomotion envs); only it imports the optional peer
  // `@mujoco/mujoco`, which stays external like every peer dependency.
  // `io` is the Node-only subpath `offline-rl/io` (dataset files); it loads the optional peers
  // `h5wasm` and `fflate` with dynamic imports, on first use. `plot` is `offline-rl/plot` (pictures;
  // its optional packages vega, vega-lite and resvg are imported at run time by name, never bundled).
  // `cli` is the `offline-rl` command (package.json "bin").
  entry: {
    index: 'src/index.ts',
    node: 'src/node.ts',
    mujoco: 'src/mujoco/index.ts',
    io: 'src/io.ts',
    plot: 'src/plot.ts',
    'train-worker': 'src/parallel/train-worker.ts',
    cli: 'src/cli/main.ts',
  },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', node: 'src/node.ts', mujoco: 'src/mujoco/index.ts', io: 'src/io.ts', plot: 'src/plot.ts' } },
  // In the CommonJS build, `import.meta.url` becomes this file's URL instead of empty (trainMany finds
  // its worker beside the module, from `__filename` in CommonJS, else from `import.meta.url`).
  shims: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  // Keep `import('node:fs/promises')` as written: tsup 8 strips the `node:` prefix by default, and
  // Deno resolves built-ins only with it. Node built-ins stay external (loaded at run time).
  removeNodeProtocol: false,
  // `offline-rl` itself stays external: `offline-rl/node`, `offline-rl/io`, `offline-rl/plot` and the
  // command line import the core (and each other) by the package's own name (self-reference through
  // `exports`), so all entries share one copy of its classes and state. The optional peers of
  // `offline-rl/io` stay external too: installed by the user, or not at all.
  external: [/^node:/, /^offline-rl(\/[a-z]+)?$/, /^@mujoco\/mujoco$/, /^h5wasm(\/|$)/, /^fflate$/],
});
