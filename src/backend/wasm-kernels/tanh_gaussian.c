/*
 * A tanh-Gaussian policy head's reparameterised sample and its log-probability, in float32 SIMD
 * (the wasm backend's version of sample-kernels.ts' OfflineRLTanhGaussianSample; the cpu backend
 * runs the JavaScript one, in float64). Per element (row b, action dimension d):
 *
 *   log σ = clip(raw[b][A + d], lo, hi),  u = raw[b][d] + σ·ε,  a = tanh(u),
 *   log π(a) = Σ_d [−½ε² − log σ − ½ log 2π − log(1 − tanh(u)²)],
 *   log(1 − tanh(u)²) = 2(log 2 − |u| − log1p(e^{−2|u|})),  tanh(u) = sign(u)·(1 − e^{−2|u|})/(1 + e^{−2|u|}),
 *
 * both from one e^{−2|u|} − 1, which is exact where tanh(u) rounds to ±1 and keeps tanh's relative
 * precision near 0. exp, expm1 and log1p are polynomial approximations accurate to a few float32
 * ulps (no libm: the module imports nothing but its memory).
 */
#include <wasm_simd128.h>

typedef float f32;

#define SPLAT(x) wasm_f32x4_splat(x)
#define HALF_LOG_2PI 0.91893853320467274f
#define LN2 0.69314718055994531f

/* e^x for x in [−87.3, 88.7] (clamped): x = n·ln 2 + r, |r| ≤ ½ ln 2, e^r by a degree-7 series. */
static v128_t exp_ps(v128_t x) {
  x = wasm_f32x4_max(wasm_f32x4_min(x, SPLAT(88.7f)), SPLAT(-87.3f));
  v128_t n = wasm_f32x4_nearest(wasm_f32x4_mul(x, SPLAT(1.44269504088896341f)));
  /* ln 2 in two parts (Cody–Waite), so that n·ln2_hi is exact. */
  v128_t r = wasm_f32x4_sub(x, wasm_f32x4_mul(n, SPLAT(0.693359375f)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, SPLAT(-2.12194440e-4f)));
  v128_t p = SPLAT(1.f / 5040.f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), SPLAT(1.f / 720.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), SPLAT(1.f / 120.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), SPLAT(1.f / 24.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), SPLAT(1.f / 6.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), SPLAT(0.5f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), SPLAT(1.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), SPLAT(1.f));
  v128_t scale = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(p, scale);
}

/*
 * e^x − 1 for x ≤ 0: by its series to x^10 for |x| < 0.7 (where e^x − 1 would cancel), e^x − 1
 * beyond (there |e^x − 1| > ½, and the subtraction loses nothing).
 */
static v128_t expm1_neg_ps(v128_t x) {
  v128_t p = SPLAT(1.f / 3628800.f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x), SPLAT(1.f / 362880.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x), SPLAT(1.f / 40320.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x), SPLAT(1.f / 5040.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x), SPLAT(1.f / 720.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x), SPLAT(1.f / 120.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x), SPLAT(1.f / 24.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x), SPLAT(1.f / 6.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x), SPLAT(0.5f));
  v128_t series = wasm_f32x4_add(x, wasm_f32x4_mul(wasm_f32x4_mul(x, x), p));
  v128_t direct = wasm_f32x4_sub(exp_ps(x), SPLAT(1.f));
  return wasm_v128_bitselect(series, direct, wasm_f32x4_gt(x, SPLAT(-0.7f)));
}

/* log(1 + d) for d in [0, 1]: 2·atanh(s) with s = d/(2 + d) ≤ 1/3, by its odd series to s^15. */
static v128_t log1p_unit_ps(v128_t d) {
  v128_t s = wasm_f32x4_div(d, wasm_f32x4_add(d, SPLAT(2.f)));
  v128_t s2 = wasm_f32x4_mul(s, s);
  v128_t p = SPLAT(1.f / 15.f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, s2), SPLAT(1.f / 13.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, s2), SPLAT(1.f / 11.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, s2), SPLAT(1.f / 9.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, s2), SPLAT(1.f / 7.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, s2), SPLAT(1.f / 5.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, s2), SPLAT(1.f / 3.f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, s2), SPLAT(1.f));
  return wasm_f32x4_mul(wasm_f32x4_add(s, s), p);
}

/*
 * Four elements: the actions, and each element's term −(½ε² + log σ + ½ log 2π + log(1 − a²)) of
 * its row's log-probability.
 */
static void sample4(v128_t mean, v128_t rawLogStd, v128_t eps, f32 lo, f32 hi, v128_t* action, v128_t* term) {
  v128_t logStd = wasm_f32x4_max(wasm_f32x4_min(rawLogStd, SPLAT(hi)), SPLAT(lo));
  v128_t u = wasm_f32x4_add(mean, wasm_f32x4_mul(exp_ps(logStd), eps));
  v128_t a = wasm_f32x4_abs(u);
  /* e^{−2|u|} − 1, so that tanh|u| = (1 − e^{−2|u|})/(1 + e^{−2|u|}) keeps its precision near 0. */
  v128_t decayMinus1 = expm1_neg_ps(wasm_f32x4_mul(a, SPLAT(-2.f)));
  v128_t decay = wasm_f32x4_add(decayMinus1, SPLAT(1.f));
  v128_t magnitude = wasm_f32x4_div(wasm_f32x4_neg(decayMinus1), wasm_f32x4_add(SPLAT(2.f), decayMinus1));
  *action = wasm_v128_or(magnitude, wasm_v128_and(u, wasm_i32x4_splat((int)0x80000000)));
  v128_t logDet = wasm_f32x4_mul(SPLAT(2.f), wasm_f32x4_sub(wasm_f32x4_sub(SPLAT(LN2), a), log1p_unit_ps(decay)));
  v128_t t = wasm_f32x4_add(wasm_f32x4_mul(SPLAT(0.5f), wasm_f32x4_mul(eps, eps)), logStd);
  *term = wasm_f32x4_add(wasm_f32x4_add(t, SPLAT(HALF_LOG_2PI)), logDet);
}

/*
 * raw [rows x 2·dim] (means, then log-stds), noise [rows x dim] → actions [rows x dim],
 * logProb [rows]. Elements are taken four at a time in row-major order; each row's terms are summed
 * in the order d = 0, 1, ….
 */
__attribute__((export_name("tanh_gaussian_sample")))
void tanh_gaussian_sample(const f32* raw, const f32* noise, f32* actions, f32* logProb, int rows, int dim, f32 lo, f32 hi) {
  int total = rows * dim;
  for (int b = 0; b < rows; b++) logProb[b] = 0.f;
  /* (b, d) of element i, kept by stepping (no local arrays: the module must not use a stack). */
  int b0 = 0, d0 = 0;
#define NEXT(b, d) do { if (++(d) == dim) { (d) = 0; (b)++; } } while (0)
#define MEAN(b, d) raw[(b) * 2 * dim + (d)]
#define LOGSTD(b, d) raw[(b) * 2 * dim + dim + (d)]
  int i = 0;
  for (; i + 4 <= total; i += 4) {
    int b1 = b0, d1 = d0; NEXT(b1, d1);
    int b2 = b1, d2 = d1; NEXT(b2, d2);
    int b3 = b2, d3 = d2; NEXT(b3, d3);
    v128_t action, term;
    sample4(wasm_f32x4_make(MEAN(b0, d0), MEAN(b1, d1), MEAN(b2, d2), MEAN(b3, d3)),
            wasm_f32x4_make(LOGSTD(b0, d0), LOGSTD(b1, d1), LOGSTD(b2, d2), LOGSTD(b3, d3)),
            wasm_v128_load(noise + i), lo, hi, &action, &term);
    wasm_v128_store(actions + i, action);
    logProb[b0] -= wasm_f32x4_extract_lane(term, 0);
    logProb[b1] -= wasm_f32x4_extract_lane(term, 1);
    logProb[b2] -= wasm_f32x4_extract_lane(term, 2);
    logProb[b3] -= wasm_f32x4_extract_lane(term, 3);
    b0 = b3; d0 = d3; NEXT(b0, d0);
  }
  for (; i < total; i++) {
    v128_t action, term;
    sample4(SPLAT(MEAN(b0, d0)), SPLAT(LOGSTD(b0, d0)), SPLAT(noise[i]), lo, hi, &action, &term);
    actions[i] = wasm_f32x4_extract_lane(action, 0);
    logProb[b0] -= wasm_f32x4_extract_lane(term, 0);
    NEXT(b0, d0);
  }
#undef NEXT
#undef MEAN
#undef LOGSTD
}
