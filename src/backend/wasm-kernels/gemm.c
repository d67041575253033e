/*
 * Single-precision GEMM for the offline-rl wasm kernels (compiled to WebAssembly SIMD128 with
 * update.c by scripts/build-wasm-kernels.mjs; the bytes are embedded in wasm-binary.ts).
 *
 *   C[m x n] = epilogue(op(A)[m x k] · op(B)[k x n])
 *   op(X) = X or Xᵀ (transA / transB: A stored [k x m], B stored [n x k]);
 *   lda is A's row stride in floats (k, or m when transposed, or more for a block of a wider matrix);
 *   epilogue: + bias[n] (optional), then ReLU (optional), then zero where gate[m x n] <= 0 (optional:
 *   the ReLU derivative of a backward pass).
 *
 * The module runs inside memory the host owns (the tfjs wasm heap, or its own): it uses no data
 * segments and no shadow stack (no local arrays, no calls that spill to memory), so every byte it
 * touches is an argument. `scratch` must hold (ceil(m/4)·4 + ceil(n/8)·8)·k floats.
 *
 * Blocking: B is packed into 8-column panels ([k][8], contiguous), op(A) into 4-row panels
 * ([k][4]) unless it is already row-major with a full block (then rows are read in place). The
 * 4x8 micro-kernel keeps 8 f32x4 accumulators in registers; wider kernels spill under V8.
 */
#include <wasm_simd128.h>

#define MR 4
#define NR 8
typedef float f32;

#define MADD(c, a, b) c = wasm_f32x4_add(c, wasm_f32x4_mul(a, b))

static int min_int(int a, int b) { return a < b ? a : b; }

/* One 4-row panel of op(A): dst[p*4 + r] = op(A)[i0 + r][p], zero rows past m. */
static void pack_a_block(const f32* A, int lda, f32* dst, int m, int k, int i0, int transA) {
  int rows = min_int(MR, m - i0);
  if (transA) { /* A stored [k x lda], columns i0.. */
    if (rows == MR) {
      for (int p = 0; p < k; p++) wasm_v128_store(dst + p * MR, wasm_v128_load(A + p * lda + i0));
    } else {
      for (int p = 0; p < k; p++)
        for (int r = 0; r < MR; r++) dst[p * MR + r] = r < rows ? A[p * lda + i0 + r] : 0.f;
    }
  } else {
    for (int r = 0; r < MR; r++) {
      if (r < rows) { const f32* src = A + (i0 + r) * lda; for (int p = 0; p < k; p++) dst[p * MR + r] = src[p]; }
      else for (int p = 0; p < k; p++) dst[p * MR + r] = 0.f;
    }
  }
}

/*
 * One 8-column panel of op(B): dst[p*8 + c] = op(B)[p][j0 + c], zero columns past n. With `sums`
 * (B not transposed), also sums[j0 + c] = Σ_p B[p][j0 + c], added in the order p = 0, 1, … from 0 —
 * the order of column_sum, so the values are the same (a weight gradient's bias gradient, read
 * while its dY is packed anyway).
 */
static void pack_b_panel(const f32* B, f32* dst, int k, int n, int j0, int transB, f32* sums) {
  int cols = min_int(NR, n - j0);
  if (!transB && cols == NR) {
    v128_t s0 = wasm_f32x4_splat(0.f), s1 = s0;
    for (int p = 0; p < k; p++) {
      v128_t b0 = wasm_v128_load(B + p * n + j0), b1 = wasm_v128_load(B + p * n + j0 + 4);
      wasm_v128_store(dst + p * NR, b0);
      wasm_v128_store(dst + p * NR + 4, b1);
      if (sums) { s0 = wasm_f32x4_add(s0, b0); s1 = wasm_f32x4_add(s1, b1); }
    }
    if (sums) { wasm_v128_store(sums + j0, s0); wasm_v128_store(sums + j0 + 4, s1); }
    return;
  }
  if (transB && cols == NR) {
    /* Eight rows of B (columns of op(B)), four k-steps at a time: two 4x4 transposes per step. */
    const f32* r0 = B + j0 * k;
    int p = 0;
    for (; p + 4 <= k; p += 4) {
      for (int half = 0; half < 2; half++) {
        const f32* r = r0 + 4 * half * k + p;
        v128_t a0 = wasm_v128_load(r), a1 = wasm_v128_load(r + k), a2 = wasm_v128_load(r + 2 * k), a3 = wasm_v128_load(r + 3 * k);
        v128_t u0 = wasm_i32x4_shuffle(a0, a1, 0, 4, 1, 5), u1 = wasm_i32x4_shuffle(a0, a1, 2, 6, 3, 7);
        v128_t u2 = wasm_i32x4_shuffle(a2, a3, 0, 4, 1, 5), u3 = wasm_i32x4_shuffle(a2, a3, 2, 6, 3, 7);
        f32* d = dst + p * NR + 4 * half;
        wasm_v128_store(d, wasm_i32x4_shuffle(u0, u2, 0, 1, 4, 5));
        wasm_v128_store(d + NR, wasm_i32x4_shuffle(u0, u2, 2, 3, 6, 7));
        wasm_v128_store(d + 2 * NR, wasm_i32x4_shuffle(u1, u3, 0, 1, 4, 5));
        wasm_v128_store(d + 3 * NR, wasm_i32x4_shuffle(u1, u3, 2, 3, 6, 7));
      }
    }
    for (; p < k; p++)
      for (int c = 0; c < NR; c++) dst[p * NR + c] = r0[c * k + p];
    return;
  }
  for (int c = 0; c < NR; c++) {
    if (c >= cols) { for (int p = 0; p < k; p++) dst[p * NR + c] = 0.f; continue; }
    if (transB) { const f32* src = B + (j0 + c) * k; for (int p = 0; p < k; p++) dst[p * NR + c] = src[p]; }
    else {
      f32 acc = 0.f;
      for (int p = 0; p < k; p++) { f32 v = B[p * n + j0 + c]; dst[p * NR + c] = v; acc = acc + v; }
      if (sums) sums[j0 + c] = acc;
    }
  }
}

/*
 * Two full panels of B (not transposed), columns j0 … j0 + 15, in one sweep down the rows: each step
 * reads 16 consecutive floats of a row (a cache line) instead of 8, so B is swept half as many times
 * as panel by panel. The same panels and column sums (added in the order p = 0, 1, …) as two
 * pack_b_panel calls.
 */
static void pack_b_panel_pair(const f32* B, f32* dst, int k, int n, int j0, f32* sums) {
  f32* d0 = dst;
  f32* d1 = dst + NR * k;
  v128_t s0 = wasm_f32x4_splat(0.f), s1 = s0, s2 = s0, s3 = s0;
  for (int p = 0; p < k; p++) {
    const f32* row = B + p * n + j0;
    v128_t b0 = wasm_v128_load(row), b1 = wasm_v128_load(row + 4), b2 = wasm_v128_load(row + 8), b3 = wasm_v128_load(row + 12);
    wasm_v128_store(d0 + p * NR, b0);
    wasm_v128_store(d0 + p * NR + 4, b1);
    wasm_v128_store(d1 + p * NR, b2);
    wasm_v128_store(d1 + p * NR + 4, b3);
    if (sums) { s0 = wasm_f32x4_add(s0, b0); s1 = wasm_f32x4_add(s1, b1); s2 = wasm_f32x4_add(s2, b2); s3 = wasm_f32x4_add(s3, b3); }
  }
  if (sums) {
    wasm_v128_store(sums + j0, s0);
    wasm_v128_store(sums + j0 + 4, s1);
    wasm_v128_store(sums + j0 + 8, s2);
    wasm_v128_store(sums + j0 + 12, s3);
  }
}

static v128_t epilogue(v128_t acc, int relu, const f32* gate) {
  v128_t zero = wasm_f32x4_splat(0.f);
  if (relu) acc = wasm_f32x4_max(acc, zero);
  if (gate) acc = wasm_v128_and(acc, wasm_f32x4_gt(wasm_v128_load(gate), zero));
  return acc;
}

static f32 gated(f32 y, int relu, const f32* gate, int c) {
  if (relu && !(y > 0.f)) y = 0.f;
  if (gate && !(gate[c] > 0.f)) y = 0.f;
  return y;
}

/* Stores the first `cols` (1 to 3) lanes of v at dst, with the same epilogue as the vector path. */
static void store_partial(f32* dst, v128_t v, int cols, int relu, const f32* gate) {
  dst[0] = gated(wasm_f32x4_extract_lane(v, 0), relu, gate, 0);
  if (cols > 1) dst[1] = gated(wasm_f32x4_extract_lane(v, 1), relu, gate, 1);
  if (cols > 2) dst[2] = gated(wasm_f32x4_extract_lane(v, 2), relu, gate, 2);
}

/* Writes one 8-wide row segment of C (bias already in the accumulators). */
static void store_row(f32* C, const f32* gate, v128_t lo, v128_t hi, int cols, int relu) {
  if (cols == NR) {
    wasm_v128_store(C, epilogue(lo, relu, gate));
    wasm_v128_store(C + 4, epilogue(hi, relu, gate ? gate + 4 : 0));
  } else if (cols > 4) {
    wasm_v128_store(C, epilogue(lo, relu, gate));
    store_partial(C + 4, hi, cols - 4, relu, gate ? gate + 4 : 0);
  } else if (cols == 4) {
    wasm_v128_store(C, epilogue(lo, relu, gate));
  } else {
    store_partial(C, lo, cols, relu, gate);
  }
}

/*
 * Packs all of op(B) into 8-column panels at Bp ([nb][k][8], nb = ceil(n/8)), for gemm_packed; with
 * `sums` (not null, B not transposed), also B's column sums into sums[n].
 */
__attribute__((export_name("pack_b")))
void pack_b(const f32* B, f32* Bp, int k, int n, int transB, f32* sums) {
  int nb = (n + NR - 1) / NR;
  int jb = 0;
  if (!transB)
    for (; jb + 2 <= nb && (jb + 2) * NR <= n; jb += 2) pack_b_panel_pair(B, Bp + jb * NR * k, k, n, jb * NR, sums);
  for (; jb < nb; jb++) pack_b_panel(B, Bp + jb * NR * k, k, n, jb * NR, transB, transB ? 0 : sums);
}

/*
 * C = epilogue(op(A)·b) for k = 1 (an outer product: a one-column layer's input gradient, gated by
 * the activations below), row by row: each element is (bias or 0) + a_i·b_j, as in the panel
 * kernel, so the values are the same; but C and the gate are read and written in row order instead
 * of one 8-column panel at a time, and no 4x8 tile is set up for a single multiply-add. `bp` is b
 * as pack_b leaves it for k = 1: contiguous, zero-padded to a multiple of 8.
 */
static void outer_product(const f32* A, int lda, const f32* bp, const f32* bias, const f32* gate, f32* C, int m, int n,
                          int transA, int relu) {
  v128_t zero = wasm_f32x4_splat(0.f);
  for (int i = 0; i < m; i++) {
    f32 ai = transA ? A[i] : A[i * lda];
    v128_t a = wasm_f32x4_splat(ai);
    f32* crow = C + i * n;
    const f32* grow = gate ? gate + i * n : 0;
    int j = 0;
    for (; j + 4 <= n; j += 4) {
      v128_t acc = bias ? wasm_v128_load(bias + j) : zero;
      MADD(acc, a, wasm_v128_load(bp + j));
      wasm_v128_store(crow + j, epilogue(acc, relu, grow ? grow + j : 0));
    }
    for (; j < n; j++) crow[j] = gated((bias ? bias[j] : 0.f) + ai * bp[j], relu, grow, j);
  }
}

/*
 * C = epilogue(op(A)·B) for B already packed by pack_b. `Ap` must hold ceil(m/4)·4·k floats (op(A)
 * blocks that cannot be read in place are packed there). Rows are independent: computing rows
 * [r0, r1) with A, gate and C offset to row r0 gives the same values as the whole product.
 */
__attribute__((export_name("gemm_packed")))
void gemm_packed(const f32* A, int lda, const f32* Bp, const f32* bias, const f32* gate, f32* C, int m, int k, int n,
                 int transA, int relu, f32* Ap) {
  if (k == 1) {
    outer_product(A, lda, Bp, bias, gate, C, m, n, transA, relu);
    return;
  }
  int mb = (m + MR - 1) / MR, nb = (n + NR - 1) / NR;
  /* Row-major full blocks of A are read in place; the rest is packed once. */
  for (int ib = 0; ib < mb; ib++) {
    if (transA || ib * MR + MR > m) pack_a_block(A, lda, Ap + ib * MR * k, m, k, ib * MR, transA);
  }
  for (int jb = 0; jb < nb; jb++) {
    const f32* bpanel = Bp + jb * NR * k;
    int j0 = jb * NR;
    int cols = min_int(NR, n - j0);
    v128_t bias0 = wasm_f32x4_splat(0.f), bias1 = bias0;
    if (bias) {
      const f32* bj = bias + j0;
      bias0 = wasm_f32x4_make(bj[0], cols > 1 ? bj[1] : 0.f, cols > 2 ? bj[2] : 0.f, cols > 3 ? bj[3] : 0.f);
      bias1 = wasm_f32x4_make(cols > 4 ? bj[4] : 0.f, cols > 5 ? bj[5] : 0.f, cols > 6 ? bj[6] : 0.f, cols > 7 ? bj[7] : 0.f);
    }
    for (int ib = 0; ib < mb; ib++) {
      int i0 = ib * MR;
      int rows = min_int(MR, m - i0);
      const f32 *a0, *a1, *a2, *a3;
      int astep;
      if (transA || rows < MR) {
        const f32* ap = Ap + ib * MR * k;
        a0 = ap; a1 = ap + 1; a2 = ap + 2; a3 = ap + 3; astep = MR;
      } else {
        a0 = A + i0 * lda; a1 = a0 + lda; a2 = a1 + lda; a3 = a2 + lda; astep = 1;
      }
      const f32* bp = bpanel;
      v128_t c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1, c20 = bias0, c21 = bias1, c30 = bias0, c31 = bias1;
      for (int p = 0; p < k; p++) {
        v128_t x0 = wasm_v128_load(bp), x1 = wasm_v128_load(bp + 4);
        v128_t s;
        s = wasm_v128_load32_splat(a0); MADD(c00, s, x0); MADD(c01, s, x1);
        s = wasm_v128_load32_splat(a1); MADD(c10, s, x0); MADD(c11, s, x1);
        s = wasm_v128_load32_splat(a2); MADD(c20, s, x0); MADD(c21, s, x1);
        s = wasm_v128_load32_splat(a3); MADD(c30, s, x0); MADD(c31, s, x1);
        a0 += astep; a1 += astep; a2 += astep; a3 += astep; bp += NR;
      }
      f32* crow = C + i0 * n + j0;
      const f32* grow = gate ? gate + i0 * n + j0 : 0;
      store_row(crow, grow, c00, c01, cols, relu);
      if (rows > 1) store_row(crow + n, grow ? grow + n : 0, c10, c11, cols, relu);
      if (rows > 2) store_row(crow + 2 * n, grow ? grow + 2 * n : 0, c20, c21, cols, relu);
      if (rows > 3) store_row(crow + 3 * n, grow ? grow + 3 * n : 0, c30, c31, cols, relu);
    }
  }
}

/*
 * acc += four steps p..p+3 of rows r..r+3 (row r at src + r·lda), in the order p, p+1, p+2, p+3 per
 * lane: one vector read per row, a 4x4 transpose, then four multiply-adds with b_0 … b_3 (b[p + j]
 * splatted, in scope).
 */
#define TRANSPOSED_STEPS(acc, src, lda)                                                                  \
  do {                                                                                                   \
    const f32* s_ = (src);                                                                               \
    v128_t r0 = wasm_v128_load(s_), r1 = wasm_v128_load(s_ + (lda));                                     \
    v128_t r2 = wasm_v128_load(s_ + 2 * (lda)), r3 = wasm_v128_load(s_ + 3 * (lda));                     \
    v128_t u0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5), u1 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);     \
    v128_t u2 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5), u3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);     \
    MADD(acc, wasm_i32x4_shuffle(u0, u2, 0, 1, 4, 5), b_0);                                              \
    MADD(acc, wasm_i32x4_shuffle(u0, u2, 2, 3, 6, 7), b_1);                                              \
    MADD(acc, wasm_i32x4_shuffle(u1, u3, 0, 1, 4, 5), b_2);                                              \
    MADD(acc, wasm_i32x4_shuffle(u1, u3, 2, 3, 6, 7), b_3);                                              \
  } while (0)

/*
 * C = epilogue(op(A)·b) for one output column (n = 1: b is a k-vector, stored the same way whether
 * transposed or not). Each element accumulates bias + Σ_p a_p·b_p in the order p = 0, 1, …, like
 * the panel kernel, so the values are the same; but no panel is padded to 8 columns.
 */
static void gemv(const f32* A, int lda, const f32* b, const f32* bias, const f32* gate, f32* C, int m, int k,
                 int transA, int relu) {
  f32 b0 = bias ? bias[0] : 0.f;
  if (transA) { /* A stored [k x lda]: C[i] = Σ_p A[p][i]·b[p], sixteen then four rows i at a time from contiguous loads */
    int i = 0;
    for (; i + 16 <= m; i += 16) { /* four independent sums in flight, one cache line of A per step */
      v128_t c0 = wasm_f32x4_splat(b0), c1 = c0, c2 = c0, c3 = c0;
      for (int p = 0; p < k; p++) {
        const f32* a = A + p * lda + i;
        v128_t bp = wasm_v128_load32_splat(b + p);
        MADD(c0, wasm_v128_load(a), bp);
        MADD(c1, wasm_v128_load(a + 4), bp);
        MADD(c2, wasm_v128_load(a + 8), bp);
        MADD(c3, wasm_v128_load(a + 12), bp);
      }
      wasm_v128_store(C + i, epilogue(c0, relu, gate ? gate + i : 0));
      wasm_v128_store(C + i + 4, epilogue(c1, relu, gate ? gate + i + 4 : 0));
      wasm_v128_store(C + i + 8, epilogue(c2, relu, gate ? gate + i + 8 : 0));
      wasm_v128_store(C + i + 12, epilogue(c3, relu, gate ? gate + i + 12 : 0));
    }
    for (; i + 4 <= m; i += 4) {
      v128_t acc = wasm_f32x4_splat(b0);
      for (int p = 0; p < k; p++) MADD(acc, wasm_v128_load(A + p * lda + i), wasm_v128_load32_splat(b + p));
      wasm_v128_store(C + i, epilogue(acc, relu, gate ? gate + i : 0));
    }
    for (; i < m; i++) {
      f32 acc = b0;
      for (int p = 0; p < k; p++) acc = acc + A[p * lda + i] * b[p];
      C[i] = gated(acc, relu, gate, i);
    }
    return;
  }
  /*
   * A row-major: eight rows at a time (two independent sums in flight), then four, each row's sum in
   * order. Four steps of p at a time are read as one vector per row and transposed (4x4), so lane r
   * still adds a_r[p]·b[p] for p = 0, 1, ….
   */
  int i = 0;
  for (; i + 8 <= m; i += 8) {
    const f32* a = A + i * lda;
    v128_t lo = wasm_f32x4_splat(b0), hi = lo;
    int p = 0;
    for (; p + 4 <= k; p += 4) {
      v128_t b_0 = wasm_v128_load32_splat(b + p), b_1 = wasm_v128_load32_splat(b + p + 1);
      v128_t b_2 = wasm_v128_load32_splat(b + p + 2), b_3 = wasm_v128_load32_splat(b + p + 3);
      TRANSPOSED_STEPS(lo, a + p, lda);
      TRANSPOSED_STEPS(hi, a + 4 * lda + p, lda);
    }
    for (; p < k; p++) {
      const f32* c = a + p;
      MADD(lo, wasm_f32x4_make(c[0], c[lda], c[2 * lda], c[3 * lda]), wasm_v128_load32_splat(b + p));
      MADD(hi, wasm_f32x4_make(c[4 * lda], c[5 * lda], c[6 * lda], c[7 * lda]), wasm_v128_load32_splat(b + p));
    }
    wasm_v128_store(C + i, epilogue(lo, relu, gate ? gate + i : 0));
    wasm_v128_store(C + i + 4, epilogue(hi, relu, gate ? gate + i + 4 : 0));
  }
  for (; i + 4 <= m; i += 4) {
    const f32* a = A + i * lda;
    v128_t acc = wasm_f32x4_splat(b0);
    int p = 0;
    for (; p + 4 <= k; p += 4) {
      v128_t b_0 = wasm_v128_load32_splat(b + p), b_1 = wasm_v128_load32_splat(b + p + 1);
      v128_t b_2 = wasm_v128_load32_splat(b + p + 2), b_3 = wasm_v128_load32_splat(b + p + 3);
      TRANSPOSED_STEPS(acc, a + p, lda);
    }
    for (; p < k; p++) MADD(acc, wasm_f32x4_make(a[p], a[lda + p], a[2 * lda + p], a[3 * lda + p]), wasm_v128_load32_splat(b + p));
    wasm_v128_store(C + i, epilogue(acc, relu, gate ? gate + i : 0));
  }
  for (; i < m; i++) {
    f32 acc = b0;
    for (int p = 0; p < k; p++) acc = acc + A[i * lda + p] * b[p];
    C[i] = gated(acc, relu, gate, i);
  }
}

/*
 * The whole product; with `sums` (not null, B not transposed), also B's column sums into sums[n]
 * (see pack_b_panel: the values column_sum gives).
 */
__attribute__((export_name("gemm")))
void gemm(const f32* A, int lda, const f32* B, const f32* bias, const f32* gate, f32* C, int m, int k, int n,
          int transA, int transB, int relu, f32* scratch, f32* sums) {
  if (n == 1) {
    gemv(A, lda, B, bias, gate, C, m, k, transA, relu);
    if (sums) {
      f32 acc = 0.f;
      for (int p = 0; p < k; p++) acc = acc + B[p];
      sums[0] = acc;
    }
    return;
  }
  int mb = (m + MR - 1) / MR;
  f32* Ap = scratch;
  f32* Bp = scratch + mb * MR * k;
  pack_b(B, Bp, k, n, transB, sums);
  gemm_packed(A, lda, Bp, bias, gate, C, m, k, n, transA, relu, Ap);
}

/* out[j] = Σ_i G[i][j] for G [rows x cols] (a bias gradient). */
__attribute__((export_name("column_sum")))
void column_sum(const f32* G, f32* out, int rows, int cols) {
  int j = 0;
  for (; j + 4 <= cols; j += 4) {
    v128_t acc = wasm_f32x4_splat(0.f);
    for (int i = 0; i < rows; i++) acc = wasm_f32x4_add(acc, wasm_v128_load(G + i * cols + j));
    wasm_v128_store(out + j, acc);
  }
  for (; j < cols; j++) {
    f32 acc = 0.f;
    for (int i = 0; i < rows; i++) acc += G[i * cols + j];
    out[j] = acc;
  }
}

/*
 * dst[i] = src[i] for `count` floats (the GEMM helper thread committing a chunk it computed into its
 * own scratch to the product's output; the two ranges do not overlap).
 */
__attribute__((export_name("copy_floats")))
void copy_floats(f32* dst, const f32* src, int count) {
  int i = 0;
  for (; i + 4 <= count; i += 4) wasm_v128_store(dst + i, wasm_v128_load(src + i));
  for (; i < count; i++) dst[i] = src[i];
}
