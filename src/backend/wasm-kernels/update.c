/*
 * Parameter updates for the offline-rl wasm kernels, compiled into the same module as gemm.c (see
 * scripts/build-wasm-kernels.mjs): the fused Adam step and the Polyak (target-network) average, in
 * float32 SIMD over memory the host owns. Like gemm.c: no data segments, no shadow stack.
 */
#include <wasm_simd128.h>

typedef float f32;

/*
 * m1 = m·b1 + g·c1;  v1 = v·b2 + g²·c2;  p1 = p − (m1 / (√v1 + eps))·step
 * (Adam with the bias corrections folded into `step` and `eps` by the caller; c1 = 1 − b1 and
 * c2 = 1 − b2 also come from the caller, rounded from double as tfjs rounds them, and the operations
 * run in the order of the plain tfjs ops, so both give the same float32 numbers).
 */
__attribute__((export_name("adam_update")))
void adam_update(const f32* p, const f32* m, const f32* v, const f32* g, f32* p1, f32* m1, f32* v1, int n,
                 f32 step, f32 eps, f32 b1, f32 c1, f32 b2, f32 c2) {
  v128_t vb1 = wasm_f32x4_splat(b1), vb2 = wasm_f32x4_splat(b2), vc1 = wasm_f32x4_splat(c1), vc2 = wasm_f32x4_splat(c2);
  v128_t vstep = wasm_f32x4_splat(step), veps = wasm_f32x4_splat(eps);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t gi = wasm_v128_load(g + i);
    v128_t mi = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(m + i), vb1), wasm_f32x4_mul(gi, vc1));
    v128_t vi = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(v + i), vb2), wasm_f32x4_mul(wasm_f32x4_mul(gi, gi), vc2));
    v128_t upd = wasm_f32x4_mul(wasm_f32x4_div(mi, wasm_f32x4_add(wasm_f32x4_sqrt(vi), veps)), vstep);
    wasm_v128_store(m1 + i, mi);
    wasm_v128_store(v1 + i, vi);
    wasm_v128_store(p1 + i, wasm_f32x4_sub(wasm_v128_load(p + i), upd));
  }
  for (; i < n; i++) {
    f32 gi = g[i];
    f32 mi = m[i] * b1 + gi * c1;
    f32 vi = v[i] * b2 + (gi * gi) * c2;
    m1[i] = mi;
    v1[i] = vi;
    p1[i] = p[i] - (mi / (__builtin_sqrtf(vi) + eps)) * step;
  }
}

/* out = t + rate·(s − t): a target network moved toward its source. */
__attribute__((export_name("polyak_update")))
void polyak_update(const f32* t, const f32* s, f32* out, int n, f32 rate) {
  v128_t vr = wasm_f32x4_splat(rate);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t ti = wasm_v128_load(t + i);
    wasm_v128_store(out + i, wasm_f32x4_add(ti, wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(s + i), ti), vr)));
  }
  for (; i < n; i++) out[i] = t[i] + (s[i] - t[i]) * rate;
}
