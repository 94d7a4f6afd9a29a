import { BufferLayout, FusedRuntime } from './src/kernels/fused/fused-runtime.js';

const rt = new FusedRuntime();
const k = rt.kernels;
const widths = [3, 256, 256, 256, 2];
const L = widths.length - 1;
const lay = new BufferLayout(rt.base);
const net = lay.take(8),
  w = lay.take(widths.length),
  kp = lay.take(L),
  bp = lay.take(L);
const ks = [],
  bs = [];
for (let l = 0; l < L; l++) {
  ks.push(lay.take(widths[l]! * widths[l + 1]!));
  bs.push(lay.take(widths[l + 1]!));
}
const N = 10000;
const t = lay.take(N),
  x = lay.take(2 * N),
  out = lay.take(2 * N);
let heap = rt.reserve(lay.end);
const scratch = lay.take(k.gen_mlp_forward_scratch_floats(0) + 100000);
heap = rt.reserve(lay.end + 4 * 200000);
const ints = new Int32Array(heap.buffer);
ints.set([L, 0, 2, 0, 0, w, kp, bp], net / 4);
ints.set(widths, w / 4);
ints.set(ks, kp / 4);
ints.set(bs, bp / 4);
for (let i = 0; i < heap.length && i < lay.end / 4; i++) if (i * 4 >= ks[0]!) heap[i] = Math.sin(i) * 0.1;
const s = k.gen_mlp_forward_scratch_floats(net);
const sc = lay.take(s);
heap = rt.reserve(lay.end);
const ts: number[] = [];
for (let r = 0; r < 9; r++) {
  const a = performance.now();
  k.gen_mlp_forward(net, t, x, out, 0, sc, 0, N);
  ts.push(performance.now() - a);
}
ts.sort((a, b) => a - b);
const flops = 2 * N * (3 * 256 + 2 * 256 * 256 + 256 * 2);
console.log('forward', ts[4]!.toFixed(2), 'ms', (flops / ts[4]! / 1e6).toFixed(1), 'GFLOP/s');
