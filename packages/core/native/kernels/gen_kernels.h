/*
 * gen's fused SIMD kernels: the ABI shared by the TypeScript loader (packages/core/src/kernels/fused/), any thread
 * pool that runs them on one memory, and the two builds of this source:
 * - wasm32: packages/core/scripts/build-wasm-kernels.mjs, clang --target=wasm32 -msimd128 -O3 -nostdlib -matomics
 *   -mbulk-memory. The module imports its memory as env.memory, a *shared* WebAssembly.Memory, and exports the
 *   functions below (and __heap_base, the first byte free for callers). It has no data segments and no mutable
 *   state: several instances (one per thread) may run on one memory at once. Node and browsers run it alike.
 * - x86-64: packages/core/scripts/build-native-kernels.mjs compiles the same files for AVX2 + FMA and for AVX-512 into
 *   a Node addon (native/node/binding.c), which runs them on that same shared memory, from any thread. Each build
 *   prefixes the functions' names with its instruction set (GEN_NATIVE_PREFIX); the addon picks one at load.
 *
 * Conventions:
 * - Pointers point into that memory (in wasm32, byte offsets; the addon turns JavaScript's byte offsets into
 *   pointers); float arrays are float32, row-major, 16-byte aligned (the loader aligns every buffer to 16 bytes).
 * - Every function that works on a batch takes `row_begin, row_end` (the half-open range of batch rows it
 *   handles) as its last two arguments and writes only those rows' outputs (rows outside the range are neither
 *   read nor written, except shared inputs such as weights); a pool splits a batch by rows and runs the ranges
 *   concurrently. A reduction over rows (the parameter gradients) is split by its outputs instead: each call sums
 *   over all rows, in an order that does not depend on the split, so the result is the same on any thread count.
 * - Scratch is memory the caller provides per call, of at least the size the matching *_scratch_floats function
 *   returns (floats, 16-byte aligned); concurrent calls need disjoint scratch. No function uses static data, and in
 *   wasm32 none uses the C stack (threads running one module on one memory would share it).
 * - Arithmetic is float32. Elementwise results round as tfjs's kernels do; sums are blocked (they equal tfjs's to
 *   float32 rounding, not bit for bit). The x86-64 builds fuse the multiply–adds of sums (wasm SIMD has no fused
 *   multiply–add), so their sums round differently from the wasm32 build's, again within float32 rounding.
 */
#ifndef GEN_KERNELS_H
#define GEN_KERNELS_H

#include <stdint.h>

#if defined(__wasm__)
/* Exports a function from the module under its C name. */
#define GEN_EXPORT(name) __attribute__((export_name(#name))) name
#else
#define GEN_EXPORT(name) name
#endif
#if defined(GEN_NATIVE_PREFIX)
/* A native build's names carry its prefix: gen_mlp_forward is avx512_gen_mlp_forward under GEN_NATIVE_PREFIX avx512_. */
#define GEN_CONCAT_(a, b) a##b
#define GEN_CONCAT(a, b) GEN_CONCAT_(a, b)
#define GEN_NATIVE_NAME(name) GEN_CONCAT(GEN_NATIVE_PREFIX, name)
#define gen_mlp_packed_floats GEN_NATIVE_NAME(gen_mlp_packed_floats)
#define gen_mlp_pack GEN_NATIVE_NAME(gen_mlp_pack)
#define gen_mlp_tape_width GEN_NATIVE_NAME(gen_mlp_tape_width)
#define gen_mlp_forward_scratch_floats GEN_NATIVE_NAME(gen_mlp_forward_scratch_floats)
#define gen_mlp_backward_scratch_floats GEN_NATIVE_NAME(gen_mlp_backward_scratch_floats)
#define gen_mlp_divergence_scratch_floats GEN_NATIVE_NAME(gen_mlp_divergence_scratch_floats)
#define gen_mlp_forward GEN_NATIVE_NAME(gen_mlp_forward)
#define gen_mlp_delta_width GEN_NATIVE_NAME(gen_mlp_delta_width)
#define gen_mlp_backward_rows GEN_NATIVE_NAME(gen_mlp_backward_rows)
#define gen_mlp_gradient_units GEN_NATIVE_NAME(gen_mlp_gradient_units)
#define gen_mlp_parameter_grads GEN_NATIVE_NAME(gen_mlp_parameter_grads)
#define gen_mlp_divergence GEN_NATIVE_NAME(gen_mlp_divergence)
#define gen_adam_update GEN_NATIVE_NAME(gen_adam_update)
#endif

/* Hidden-layer activations σ (the output layer has none). */
#define GEN_ACTIVATION_SILU 0 /* z·s(z), s the logistic function (also called swish) */
#define GEN_ACTIVATION_TANH 1
#define GEN_ACTIVATION_ELU 2 /* z for z > 0, e^z − 1 otherwise */

/*
 * An MLP vector field u(t, x): h₀ = [x, e(t)], z_l = h_l·W_l + b_l, h_{l+1} = σ(z_l) for l < L, u = z_L.
 * e(t) = t (one column) when frequency_count = 0, else [sin(2π f t), cos(2π f t)] (2K columns).
 * Ten 32-bit fields (byte offsets 0, 4, …, 36), written by the caller; `packed` (which gen_mlp_forward and
 * gen_mlp_divergence read) and `packed_t` (which gen_mlp_backward reads) are then filled by gen_mlp_pack.
 */
typedef struct gen_mlp {
  int32_t layer_count;        /* L + 1 ≥ 1 dense layers */
  int32_t activation;         /* GEN_ACTIVATION_* */
  int32_t dim;                /* D ≥ 1: the columns of x and of u */
  int32_t frequency_count;    /* K ≥ 0 Fourier frequencies; 0 means e(t) = t */
  const float *frequencies;   /* [K] cycles per unit time (unused when K = 0) */
  const int32_t *widths;      /* [layer_count + 1]: widths[0] = D + E (E = 1 or 2K), widths[layer_count] = D */
  const float *const *kernels; /* [layer_count] pointers: kernel l is [widths[l], widths[l + 1]] */
  const float *const *biases;  /* [layer_count] pointers: bias l is [widths[l + 1]] */
  float *packed;               /* null, or [gen_mlp_packed_floats(net, 0)]: every W_l in panels of 8 columns */
  float *packed_t;             /* null, or [gen_mlp_packed_floats(net, 1)]: every W_lᵀ in panels (backward only) */
} gen_mlp;

/* Floats of the packed kernels (transposed = 0: W_l, as forward and divergence read them; 1: W_lᵀ, for backward). */
int32_t GEN_EXPORT(gen_mlp_packed_floats)(const gen_mlp *net, int32_t transposed);

/*
 * Packs the kernels into net->packed and their transposes into net->packed_t, each where it is not null: the panels
 * of 8 columns ([in][8] floats each, zero-padded) that the matrix products stream through. One call per network
 * and weights, on one thread, before the calls that read them (any number, on any threads).
 */
void GEN_EXPORT(gen_mlp_pack)(const gen_mlp *net);

/* The tape's floats per row: Σ over hidden layers of 2·width (z_l then h_{l+1} = σ(z_l) for each l < L). */
int32_t GEN_EXPORT(gen_mlp_tape_width)(const gen_mlp *net);

/*
 * Scratch (floats) for one call of gen_mlp_forward, gen_mlp_backward_rows (or gen_mlp_parameter_grads) or
 * gen_mlp_divergence, any row range.
 */
int32_t GEN_EXPORT(gen_mlp_forward_scratch_floats)(const gen_mlp *net);
int32_t GEN_EXPORT(gen_mlp_backward_scratch_floats)(const gen_mlp *net);
int32_t GEN_EXPORT(gen_mlp_divergence_scratch_floats)(const gen_mlp *net);

/*
 * u(t_n, x_n) for rows n in [row_begin, row_end).
 * t: [N] times; x: [N, D]; out: [N, D]. tape: null, or [N, gen_mlp_tape_width] where the rows' pre-activations
 * and activations are stored for gen_mlp_backward.
 */
void GEN_EXPORT(gen_mlp_forward)(const gen_mlp *net, const float *t, const float *x, float *out, float *tape, float *scratch,
                     int32_t row_begin, int32_t row_end);

/* Floats per row of the deltas: Σ over hidden layers of widths[l + 1] (∂L/∂z_l for each l < L). */
int32_t GEN_EXPORT(gen_mlp_delta_width)(const gen_mlp *net);

/*
 * The backward pass of gen_mlp_forward through the rows [row_begin, row_end), given d_out = ∂L/∂u [N, D] and the
 * tape of a forward pass at the same t, x and weights; reads net->packed_t.
 * deltas: [N, gen_mlp_delta_width] receiving ∂L/∂z_l of every hidden layer; h0: [N, widths[0]] receiving the
 * inputs [x, e(t)]; d_input: null, or [N, widths[0]] receiving ∂L/∂[x, e(t)]. gen_mlp_parameter_grads then sums
 * the parameter gradients from the deltas.
 */
void GEN_EXPORT(gen_mlp_backward_rows)(const gen_mlp *net, const float *t, const float *x, const float *tape,
                                       const float *d_out, float *deltas, float *h0, float *d_input, float *scratch,
                                       int32_t row_begin, int32_t row_end);

/* The units of gen_mlp_parameter_grads: Σ_l (widths[l] + 1). */
int32_t GEN_EXPORT(gen_mlp_gradient_units)(const gen_mlp *net);

/*
 * The parameter gradients of a backward pass over all N rows, for the units [unit_begin, unit_end) (its "rows":
 * layer by layer, unit k < widths[l] is row k of ∂L/∂W_l and unit widths[l] is ∂L/∂b_l): ∂L/∂W_l = h_lᵀ·∂L/∂z_l,
 * ∂L/∂b_l = Σ_rows ∂L/∂z_l, from the tape, d_out, and the deltas and h0 of gen_mlp_backward_rows.
 * grads: [Σ_l (widths[l]·widths[l+1] + widths[l+1])], per layer ∂L/∂W_l then ∂L/∂b_l; the units' entries are
 * overwritten. Each sum runs over the rows in blocks of 32 in row order, whatever the unit range. scratch: as for
 * gen_mlp_backward_rows.
 */
void GEN_EXPORT(gen_mlp_parameter_grads)(const gen_mlp *net, int32_t rows, const float *tape, const float *d_out,
                                         const float *deltas, const float *h0, float *grads, float *scratch,
                                         int32_t unit_begin, int32_t unit_end);

/*
 * The exact divergence ∇·u(t_n, x_n) = tr ∂u/∂x for rows [row_begin, row_end), by forward-mode Jacobian.
 * t: [N]; x: [N, D]; div: [N]; out: null, or [N, D] receiving u itself.
 */
void GEN_EXPORT(gen_mlp_divergence)(const gen_mlp *net, const float *t, const float *x, float *div, float *out, float *scratch,
                        int32_t row_begin, int32_t row_end);

/*
 * One Adam update of elements [row_begin, row_end) of a flat parameter array, in tfjs's float32 operation order
 * (tf.train.adam): m ← m·β₁ + g·(1 − β₁); v ← v·β₂ + g²·(1 − β₂); θ ← (m/c₁)/(√(v/c₂) + ε)·(−lr) + θ.
 * The host passes every constant as tfjs forms it: one_minus_beta1 = fround(1 − β₁), c₁ = 1 − β₁ᵏ, c₂ = 1 − β₂ᵏ
 * (each rounded as the caller's optimiser rounds it), neg_learning_rate = fround(−lr).
 */
void GEN_EXPORT(gen_adam_update)(float *params, const float *grads, float *m, float *v, float beta1, float one_minus_beta1,
                     float beta2, float one_minus_beta2, float correction1, float correction2, float epsilon,
                     float neg_learning_rate, int32_t row_begin, int32_t row_end);

#endif
