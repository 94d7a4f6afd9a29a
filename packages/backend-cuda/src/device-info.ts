import { cudaAvailability } from './cuda-availability.js';
import type { DeviceProbe } from './native/binding.js';

/**
 * What the CUDA build of the native addon found: whether a device is usable, its name, compute capability and
 * memory, the runtime and driver versions, and otherwise why not.
 *
 * @remarks
 * Never throws. When the addon itself is missing (not built, no CUDA toolkit at install), `available` is false and
 * `reason` says so; the other fields are empty. Probed once per process.
 *
 * @returns The probe.
 * @example
 * ```ts
 * const info = cudaDeviceInfo();
 * console.log(info.available ? `${info.deviceName} (sm ${info.computeCapability})` : info.reason);
 * ```
 */
export function cudaDeviceInfo(): DeviceProbe {
  return cudaAvailability().probe;
}
