#include "mlp_common.h"

int32_t gen_mlp_packed_floats(const gen_mlp *net, int32_t transposed) {
  return packed_offset(net, net->layer_count, transposed);
}

void gen_mlp_pack(const gen_mlp *net) {
  for (int32_t l = 0; l < net->layer_count; l += 1) {
    const int32_t in = net->widths[l], out = net->widths[l + 1];
    if (net->packed) pack_panels(in, out, net->kernels[l], out, 1, net->packed + packed_offset(net, l, 0));
    if (net->packed_t) pack_panels(out, in, net->kernels[l], 1, out, net->packed_t + packed_offset(net, l, 1));
  }
}
