import type { DeviceProbe, NativeBinding } from './native/binding.js';
import { loadBinding } from './native/load-binding.js';

/** What loading and probing the CUDA build of the addon found, once per process. */
interface CudaAvailability {
  /** The loaded binding when a device is available; undefined otherwise. */
  readonly binding: NativeBinding | undefined;
  /**
   * The device probe, or a probe describing why the addon could not be loaded; its `reason` is never empty when
   * `binding` is undefined.
   */
  readonly probe: DeviceProbe;
}

let cached: CudaAvailability | undefined;

/**
 * Loads `gen_cuda.node` and probes the device, the first time it is called; later calls return the same answer.
 *
 * @returns The binding (when a device is available) and the probe; never throws.
 */
export function cudaAvailability(): CudaAvailability {
  cached ??= detect();
  return cached;
}

function detect(): CudaAvailability {
  const loaded = loadBinding('cuda');
  if ('error' in loaded) {
    return {
      binding: undefined,
      probe: {
        available: false,
        reason: loaded.error,
        mode: 'cuda',
        deviceName: '',
        computeCapability: '',
        totalMemoryBytes: 0,
        runtimeVersion: 0,
        driverVersion: 0,
      },
    };
  }
  const probe = loaded.binding.probe();
  if (probe.available) return { binding: loaded.binding, probe };
  return { binding: undefined, probe: { ...probe, reason: probe.reason || 'the CUDA device probe found no device.' } };
}
