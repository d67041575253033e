import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  // Keep `import('node:fs/promises')` as written: tsup 8 strips the `node:` prefix by default, and
  // Deno resolves built-ins only with it. Node built-ins stay external (loaded at run time).
  removeNodeProtocol: false,
  external: [/^node:/],
});
