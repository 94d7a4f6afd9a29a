/*
 * The Node addon that runs gen's fused kernels (../kernels, ABI in gen_kernels.h) as x86-64 machine code on the
 * same shared WebAssembly.Memory the wasm build runs on, so that the TypeScript side lays out buffers, threads and
 * tapes exactly as for the wasm module.
 *
 * JavaScript API:
 *   isas                the builds this CPU runs, fastest first: "avx512" (AVX-512F) and "avx2" (AVX2 + FMA); the
 *                       addon refuses to load on a CPU with neither.
 *   bind(memory, isa?)  an object with the wasm module's functions (gen_mlp_forward, …, gen_adam_update), taking
 *                       the same arguments (byte offsets into `memory`, sizes, float constants), run by build `isa`
 *                       (default isas[0]).
 *
 * Every call checks its arguments before it runs: integers where the ABI has them, every buffer inside the memory
 * and 4-byte aligned, the network struct's fields consistent (as the wasm module's memory safety would otherwise
 * guarantee). A bad call throws a RangeError naming the function and the argument, and touches nothing.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel_table.h"

/* The most dense layers a network may have here (the TypeScript side never builds deeper ones). */
#define GEN_MAX_LAYERS 64
/* The widest layer: keeps every size the kernels compute in int32. */
#define GEN_MAX_WIDTH 65536

typedef struct binding {
  const gen_kernel_table *kernels;
  uint8_t *base;    /* the memory's first byte; shared memories never move when they grow */
  uint64_t length;  /* bytes known to exist; refreshed from memory.buffer when a buffer reaches past it */
  napi_ref memory;  /* the WebAssembly.Memory */
} binding;

/* One call being checked: the first failure throws, later checks see `failed` and return at once. */
typedef struct call {
  napi_env env;
  binding *bound;
  const char *function;
  int failed;
} call;

static void fail(call *c, const char *format, const char *argument, double value) {
  if (c->failed) return;
  char message[256];
  snprintf(message, sizeof message, format, c->function, argument, value);
  napi_throw_range_error(c->env, "ERR_GEN_KERNEL_ARGUMENT", message);
  c->failed = 1;
}

/* The memory's current length in bytes (memory.buffer.byteLength), or 0 when it cannot be read. */
static uint64_t current_length(call *c) {
  napi_value memory, buffer, length;
  double bytes = 0;
  if (napi_get_reference_value(c->env, c->bound->memory, &memory) != napi_ok ||
      napi_get_named_property(c->env, memory, "buffer", &buffer) != napi_ok ||
      napi_get_named_property(c->env, buffer, "byteLength", &length) != napi_ok ||
      napi_get_value_double(c->env, length, &bytes) != napi_ok)
    return 0;
  return (uint64_t)bytes;
}

/* The float (or int32) buffer of `count` elements at byte `offset`, NULL for offset 0 where `optional`. */
static void *span(call *c, const char *argument, int64_t offset, int64_t count, int optional) {
  if (c->failed) return NULL;
  if (offset == 0 && optional) return NULL;
  if (offset <= 0 || offset % 4 != 0) {
    fail(c, "%s: %s must be a positive byte offset that is a multiple of 4, got %.17g", argument, (double)offset);
    return NULL;
  }
  const uint64_t end = (uint64_t)offset + 4 * (uint64_t)(count < 0 ? 0 : count);
  if (end > c->bound->length) c->bound->length = current_length(c);
  if (end > c->bound->length) {
    fail(c, "%s: %s reaches past the end of the kernels' memory (byte offset %.17g)", argument, (double)offset);
    return NULL;
  }
  return c->bound->base + offset;
}

/* Argument `index` as an integer in [low, high]. */
static int64_t integer(call *c, napi_value *argv, int index, const char *argument, int64_t low, int64_t high) {
  double value = 0;
  if (c->failed) return 0;
  if (napi_get_value_double(c->env, argv[index], &value) != napi_ok) {
    fail(c, "%s: %s must be a number (argument %.17g)", argument, index);
    return 0;
  }
  if (!(value >= (double)low && value <= (double)high) || value != (double)(int64_t)value) {
    fail(c, "%s: %s must be an integer in range, got %.17g", argument, value);
    return 0;
  }
  return (int64_t)value;
}

static float real(call *c, napi_value *argv, int index, const char *argument) {
  double value = 0;
  if (!c->failed && napi_get_value_double(c->env, argv[index], &value) != napi_ok)
    fail(c, "%s: %s must be a number (argument %.17g)", argument, index);
  return (float)value;
}

/* A gen_mlp with its pointers resolved into this process's address space. */
typedef struct native_net {
  gen_mlp net;
  const float *kernels[GEN_MAX_LAYERS];
  const float *biases[GEN_MAX_LAYERS];
} native_net;

/* The struct at byte offset `at`, checked field by field (as gen_kernels.h describes it); 0 when it fails. */
static int read_net(call *c, int64_t at, native_net *out) {
  const int32_t *fields = span(c, "net", at, 10, 0);
  if (c->failed) return 0;
  const int32_t layers = fields[0], activation = fields[1], dim = fields[2], frequencies = fields[3];
  if (layers < 1 || layers > GEN_MAX_LAYERS) fail(c, "%s: %s.layer_count must be in [1, 64], got %.17g", "net", layers);
  if (activation < GEN_ACTIVATION_SILU || activation > GEN_ACTIVATION_ELU)
    fail(c, "%s: %s.activation must be 0, 1 or 2, got %.17g", "net", activation);
  if (dim < 1) fail(c, "%s: %s.dim must be at least 1, got %.17g", "net", dim);
  if (frequencies < 0 || frequencies > GEN_MAX_WIDTH)
    fail(c, "%s: %s.frequency_count must be in [0, 65536], got %.17g", "net", frequencies);
  const int32_t *widths = span(c, "net.widths", fields[5], layers + 1, 0);
  const int32_t *kernels = span(c, "net.kernels", fields[6], layers, 0);
  const int32_t *biases = span(c, "net.biases", fields[7], layers, 0);
  if (c->failed) return 0;
  for (int32_t l = 0; l <= layers; l += 1)
    if (widths[l] < 1 || widths[l] > GEN_MAX_WIDTH)
      fail(c, "%s: %s[] must be in [1, 65536], got %.17g", "net.widths", widths[l]);
  if (!c->failed && widths[layers] != dim) fail(c, "%s: %s[layer_count] must equal dim, got %.17g", "net.widths", widths[layers]);
  if (!c->failed && widths[0] != dim + (frequencies == 0 ? 1 : 2 * frequencies))
    fail(c, "%s: %s[0] must be dim + 1 (or dim + 2·frequency_count), got %.17g", "net.widths", widths[0]);
  int64_t weights = 0;
  for (int32_t l = 0; l < layers && !c->failed; l += 1) {
    weights += (int64_t)widths[l] * widths[l + 1];
    out->kernels[l] = span(c, "net.kernels[]", kernels[l], (int64_t)widths[l] * widths[l + 1], 0);
    out->biases[l] = span(c, "net.biases[]", biases[l], widths[l + 1], 0);
  }
  if (!c->failed && weights > (1 << 28)) fail(c, "%s: %s has more than 2^28 weights (%.17g)", "net", (double)weights);
  if (c->failed) return 0;
  out->net = (gen_mlp){
      .layer_count = layers,
      .activation = activation,
      .dim = dim,
      .frequency_count = frequencies,
      .frequencies = span(c, "net.frequencies", fields[4], frequencies, frequencies == 0),
      .widths = widths,
      .kernels = out->kernels,
      .biases = out->biases,
  };
  const gen_kernel_table *k = c->bound->kernels;
  out->net.packed = span(c, "net.packed", fields[8], k->mlp_packed_floats(&out->net, 0), 1);
  out->net.packed_t = span(c, "net.packed_t", fields[9], k->mlp_packed_floats(&out->net, 1), 1);
  return !c->failed;
}

/* Starts a call of `function` with exactly `count` arguments into argv. */
static int begin(napi_env env, napi_callback_info info, const char *function, size_t count, napi_value *argv,
                 call *c) {
  size_t argc = count;
  void *data = NULL;
  *c = (call){env, NULL, function, 0};
  if (napi_get_cb_info(env, info, &argc, argv, NULL, &data) != napi_ok) return 0;
  c->bound = data;
  if (argc != count) fail(c, "%s: %s %.17g arguments", "expects", (double)count);
  return !c->failed;
}

/* What a function reads of the packed weights (gen_mlp_pack must have filled it). */
#define GEN_NEEDS_NOTHING 0
#define GEN_NEEDS_PACKED 1   /* net->packed: the forward pass and the divergence */
#define GEN_NEEDS_PACKED_T 2 /* net->packed_t: the backward pass through the rows */

/* Starts a call whose argument 0 is the network: begin, then read_net, then check what it needs packed. */
static int begin_net(napi_env env, napi_callback_info info, const char *function, size_t count, napi_value *argv,
                     call *c, native_net *net, int needs) {
  if (!begin(env, info, function, count, argv, c) || !read_net(c, integer(c, argv, 0, "net", 0, INT32_MAX), net))
    return 0;
  if (needs == GEN_NEEDS_PACKED && net->net.packed == NULL)
    fail(c, "%s: %s must point to packed weights (gen_mlp_pack), got %.17g", "net.packed", 0);
  if (needs == GEN_NEEDS_PACKED_T && net->net.packed_t == NULL)
    fail(c, "%s: %s must point to packed weights (gen_mlp_pack), got %.17g", "net.packed_t", 0);
  return !c->failed;
}

/* Argument `index`, a byte offset named `argument`, as the buffer of `count` floats there (see span). */
static void *buffer(call *c, napi_value *argv, int index, const char *argument, int64_t count, int optional) {
  return span(c, argument, integer(c, argv, index, argument, 0, INT32_MAX), count, optional);
}

static napi_value int_result(napi_env env, int32_t value) {
  napi_value result;
  napi_create_int32(env, value, &result);
  return result;
}

/* The functions that take only the network, returning a size. */
#define NET_SIZE_FUNCTION(name)                                                                     \
  static napi_value js_gen_##name(napi_env env, napi_callback_info info) {                          \
    napi_value argv[1];                                                                              \
    call c;                                                                                          \
    native_net net;                                                                                  \
    if (!begin_net(env, info, "gen_" #name, 1, argv, &c, &net, GEN_NEEDS_NOTHING)) return NULL;      \
    return int_result(env, c.bound->kernels->name(&net.net));                                        \
  }
NET_SIZE_FUNCTION(mlp_tape_width)
NET_SIZE_FUNCTION(mlp_forward_scratch_floats)
NET_SIZE_FUNCTION(mlp_backward_scratch_floats)
NET_SIZE_FUNCTION(mlp_divergence_scratch_floats)
NET_SIZE_FUNCTION(mlp_delta_width)
NET_SIZE_FUNCTION(mlp_gradient_units)

static napi_value js_gen_mlp_packed_floats(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  call c;
  native_net net;
  if (!begin_net(env, info, "gen_mlp_packed_floats", 2, argv, &c, &net, GEN_NEEDS_NOTHING)) return NULL;
  const int64_t transposed = integer(&c, argv, 1, "transposed", 0, 1);
  return c.failed ? NULL : int_result(env, c.bound->kernels->mlp_packed_floats(&net.net, (int32_t)transposed));
}

static napi_value js_gen_mlp_pack(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  call c;
  native_net net;
  if (begin_net(env, info, "gen_mlp_pack", 1, argv, &c, &net, GEN_NEEDS_NOTHING)) c.bound->kernels->mlp_pack(&net.net);
  return NULL;
}

/* The row range, arguments `index` and `index + 1`: 0 ≤ begin ≤ end. */
static int64_t row_range(call *c, napi_value *argv, int index, int64_t *begin) {
  *begin = integer(c, argv, index, "rowBegin", 0, INT32_MAX);
  const int64_t end = integer(c, argv, index + 1, "rowEnd", 0, INT32_MAX);
  if (!c->failed && end < *begin) fail(c, "%s: %s must be at least rowBegin, got %.17g", "rowEnd", (double)end);
  return end;
}

static napi_value js_gen_mlp_forward(napi_env env, napi_callback_info info) {
  napi_value argv[8];
  call c;
  native_net n;
  if (!begin_net(env, info, "gen_mlp_forward", 8, argv, &c, &n, GEN_NEEDS_PACKED)) return NULL;
  const gen_kernel_table *k = c.bound->kernels;
  int64_t row_begin;
  const int64_t rows = row_range(&c, argv, 6, &row_begin), dim = n.net.dim;
  const float *t = buffer(&c, argv, 1, "t", rows, 0);
  const float *x = buffer(&c, argv, 2, "x", rows * dim, 0);
  float *out = buffer(&c, argv, 3, "out", rows * dim, 0);
  float *tape = buffer(&c, argv, 4, "tape", rows * k->mlp_tape_width(&n.net), 1);
  float *scratch = buffer(&c, argv, 5, "scratch", k->mlp_forward_scratch_floats(&n.net), 0);
  if (!c.failed) k->mlp_forward(&n.net, t, x, out, tape, scratch, (int32_t)row_begin, (int32_t)rows);
  return NULL;
}

static napi_value js_gen_mlp_backward_rows(napi_env env, napi_callback_info info) {
  napi_value argv[11];
  call c;
  native_net n;
  if (!begin_net(env, info, "gen_mlp_backward_rows", 11, argv, &c, &n, GEN_NEEDS_PACKED_T)) return NULL;
  const gen_kernel_table *k = c.bound->kernels;
  int64_t row_begin;
  const int64_t rows = row_range(&c, argv, 9, &row_begin), dim = n.net.dim, in = n.net.widths[0];
  const float *t = buffer(&c, argv, 1, "t", rows, 0);
  const float *x = buffer(&c, argv, 2, "x", rows * dim, 0);
  const float *tape = buffer(&c, argv, 3, "tape", rows * k->mlp_tape_width(&n.net), 0);
  const float *d_out = buffer(&c, argv, 4, "dOut", rows * dim, 0);
  float *deltas = buffer(&c, argv, 5, "deltas", rows * k->mlp_delta_width(&n.net), 0);
  float *h0 = buffer(&c, argv, 6, "h0", rows * in, 0);
  float *d_input = buffer(&c, argv, 7, "dInput", rows * in, 1);
  float *scratch = buffer(&c, argv, 8, "scratch", k->mlp_backward_scratch_floats(&n.net), 0);
  if (!c.failed)
    k->mlp_backward_rows(&n.net, t, x, tape, d_out, deltas, h0, d_input, scratch, (int32_t)row_begin, (int32_t)rows);
  return NULL;
}

static napi_value js_gen_mlp_parameter_grads(napi_env env, napi_callback_info info) {
  napi_value argv[10];
  call c;
  native_net n;
  if (!begin_net(env, info, "gen_mlp_parameter_grads", 10, argv, &c, &n, GEN_NEEDS_NOTHING)) return NULL;
  const gen_kernel_table *k = c.bound->kernels;
  const int64_t rows = integer(&c, argv, 1, "rows", 0, INT32_MAX), dim = n.net.dim;
  int64_t parameters = 0;
  for (int32_t l = 0; l < n.net.layer_count; l += 1)
    parameters += ((int64_t)n.net.widths[l] + 1) * n.net.widths[l + 1];
  const float *tape = buffer(&c, argv, 2, "tape", rows * k->mlp_tape_width(&n.net), 0);
  const float *d_out = buffer(&c, argv, 3, "dOut", rows * dim, 0);
  const float *deltas = buffer(&c, argv, 4, "deltas", rows * k->mlp_delta_width(&n.net), 0);
  const float *h0 = buffer(&c, argv, 5, "h0", rows * n.net.widths[0], 0);
  float *grads = buffer(&c, argv, 6, "grads", parameters, 0);
  float *scratch = buffer(&c, argv, 7, "scratch", k->mlp_backward_scratch_floats(&n.net), 0);
  const int64_t unit_begin = integer(&c, argv, 8, "unitBegin", 0, INT32_MAX);
  const int64_t unit_end = integer(&c, argv, 9, "unitEnd", unit_begin, k->mlp_gradient_units(&n.net));
  if (!c.failed)
    k->mlp_parameter_grads(&n.net, (int32_t)rows, tape, d_out, deltas, h0, grads, scratch, (int32_t)unit_begin,
                           (int32_t)unit_end);
  return NULL;
}

static napi_value js_gen_mlp_divergence(napi_env env, napi_callback_info info) {
  napi_value argv[8];
  call c;
  native_net n;
  if (!begin_net(env, info, "gen_mlp_divergence", 8, argv, &c, &n, GEN_NEEDS_PACKED)) return NULL;
  const gen_kernel_table *k = c.bound->kernels;
  int64_t row_begin;
  const int64_t rows = row_range(&c, argv, 6, &row_begin), dim = n.net.dim;
  const float *t = buffer(&c, argv, 1, "t", rows, 0);
  const float *x = buffer(&c, argv, 2, "x", rows * dim, 0);
  float *div = buffer(&c, argv, 3, "div", rows, 0);
  float *out = buffer(&c, argv, 4, "out", rows * dim, 1);
  float *scratch = buffer(&c, argv, 5, "scratch", k->mlp_divergence_scratch_floats(&n.net), 0);
  if (!c.failed) k->mlp_divergence(&n.net, t, x, div, out, scratch, (int32_t)row_begin, (int32_t)rows);
  return NULL;
}

static napi_value js_gen_adam_update(napi_env env, napi_callback_info info) {
  napi_value argv[14];
  call c;
  if (!begin(env, info, "gen_adam_update", 14, argv, &c)) return NULL;
  int64_t row_begin;
  const int64_t rows = row_range(&c, argv, 12, &row_begin);
  float *params = buffer(&c, argv, 0, "params", rows, 0);
  const float *grads = buffer(&c, argv, 1, "grads", rows, 0);
  float *m = buffer(&c, argv, 2, "m", rows, 0);
  float *v = buffer(&c, argv, 3, "v", rows, 0);
  const float beta1 = real(&c, argv, 4, "beta1"), one_minus_beta1 = real(&c, argv, 5, "oneMinusBeta1");
  const float beta2 = real(&c, argv, 6, "beta2"), one_minus_beta2 = real(&c, argv, 7, "oneMinusBeta2");
  const float correction1 = real(&c, argv, 8, "correction1"), correction2 = real(&c, argv, 9, "correction2");
  const float epsilon = real(&c, argv, 10, "epsilon"), neg_learning_rate = real(&c, argv, 11, "negLearningRate");
  if (!c.failed)
    c.bound->kernels->adam_update(params, grads, m, v, beta1, one_minus_beta1, beta2, one_minus_beta2, correction1,
                                  correction2, epsilon, neg_learning_rate, (int32_t)row_begin, (int32_t)rows);
  return NULL;
}

static void free_binding(napi_env env, void *data, void *hint) {
  (void)hint;
  binding *bound = data;
  napi_delete_reference(env, bound->memory);
  free(bound);
}

/* Writes the builds this CPU can run into `runnable`, fastest first, NULL-terminated; returns their count. */
static int runnable_builds(const gen_kernel_table *runnable[3]) {
  int count = 0;
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) runnable[count++] = &avx512_kernel_table;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) runnable[count++] = &avx2_kernel_table;
  runnable[count] = NULL;
  return count;
}

/* bind(memory, isa?): the kernels on a shared WebAssembly.Memory, in the build `isa` (default: the best one). */
static napi_value bind(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], buffer, global, view_class, view, exports;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  const gen_kernel_table *runnable[3];
  runnable_builds(runnable);
  const gen_kernel_table *kernels = runnable[0];
  napi_valuetype isa_type = napi_undefined;
  if (argc > 1) napi_typeof(env, argv[1], &isa_type);
  if (isa_type != napi_undefined) {
    char isa[16] = "";
    size_t isa_length = 0;
    kernels = NULL;
    if (napi_get_value_string_utf8(env, argv[1], isa, sizeof isa, &isa_length) == napi_ok)
      for (int i = 0; runnable[i] != NULL; i += 1)
        if (strcmp(runnable[i]->name, isa) == 0) kernels = runnable[i];
    if (kernels == NULL) {
      napi_throw_range_error(env, "ERR_GEN_KERNEL_ARGUMENT", "bind: isa must be one of the builds this CPU runs (isas)");
      return NULL;
    }
  }
  /* A Uint8Array over memory.buffer (a SharedArrayBuffer) gives the memory's address. */
  napi_value memory = argv[0];
  napi_typedarray_type type;
  size_t length = 0, offset = 0;
  void *base = NULL;
  if (argc < 1 || napi_get_named_property(env, memory, "buffer", &buffer) != napi_ok ||
      napi_get_global(env, &global) != napi_ok ||
      napi_get_named_property(env, global, "Uint8Array", &view_class) != napi_ok ||
      napi_new_instance(env, view_class, 1, &buffer, &view) != napi_ok ||
      napi_get_typedarray_info(env, view, &type, &length, &base, NULL, &offset) != napi_ok || base == NULL) {
    napi_throw_type_error(env, "ERR_GEN_KERNEL_ARGUMENT", "bind: memory must be a shared WebAssembly.Memory");
    return NULL;
  }
  binding *bound = calloc(1, sizeof *bound);
  if (bound == NULL) {
    napi_throw_error(env, "ERR_GEN_KERNEL_MEMORY", "bind: out of memory");
    return NULL;
  }
  *bound = (binding){kernels, base, length, NULL};
  napi_create_reference(env, memory, 1, &bound->memory);
  napi_create_object(env, &exports);
  napi_add_finalizer(env, exports, bound, free_binding, NULL, NULL);
  const napi_property_descriptor functions[] = {
#define GEN_FUNCTION(name) {#name, NULL, js_##name, NULL, NULL, NULL, napi_enumerable, bound}
      GEN_FUNCTION(gen_mlp_packed_floats),
      GEN_FUNCTION(gen_mlp_pack),
      GEN_FUNCTION(gen_mlp_tape_width),
      GEN_FUNCTION(gen_mlp_forward_scratch_floats),
      GEN_FUNCTION(gen_mlp_backward_scratch_floats),
      GEN_FUNCTION(gen_mlp_divergence_scratch_floats),
      GEN_FUNCTION(gen_mlp_forward),
      GEN_FUNCTION(gen_mlp_delta_width),
      GEN_FUNCTION(gen_mlp_backward_rows),
      GEN_FUNCTION(gen_mlp_gradient_units),
      GEN_FUNCTION(gen_mlp_parameter_grads),
      GEN_FUNCTION(gen_mlp_divergence),
      GEN_FUNCTION(gen_adam_update),
#undef GEN_FUNCTION
  };
  napi_define_properties(env, exports, sizeof functions / sizeof functions[0], functions);
  return exports;
}

NAPI_MODULE_INIT() {
  const gen_kernel_table *runnable[3];
  const int count = runnable_builds(runnable);
  if (count == 0) {
    napi_throw_error(env, "ERR_GEN_KERNEL_CPU", "gen's native kernels need a CPU with AVX2 and FMA");
    return NULL;
  }
  napi_value isas, bind_function;
  napi_create_array_with_length(env, count, &isas);
  for (int i = 0; i < count; i += 1) {
    napi_value name;
    napi_create_string_utf8(env, runnable[i]->name, NAPI_AUTO_LENGTH, &name);
    napi_set_element(env, isas, i, name);
  }
  napi_create_function(env, "bind", NAPI_AUTO_LENGTH, bind, NULL, &bind_function);
  napi_set_named_property(env, exports, "isas", isas);
  napi_set_named_property(env, exports, "bind", bind_function);
  return exports;
}
