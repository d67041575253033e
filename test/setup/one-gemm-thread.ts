import { setGemmThreads } from '../../src/backend/wasm-kernels/gemm-kernels';

// Test files run in processes side by side (vitest.config.ts `maxWorkers`), one per core. A GEMM
// helper thread in each would only compete for the same cores, so every file starts with one
// thread; test/backend/gemm.test.ts switches to two on purpose and checks the results are identical.
await setGemmThreads(1);
