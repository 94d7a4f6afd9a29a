export { CosineSchedule, type CosineScheduleOptions } from './cosine.js';
export { LinearSchedule, type LinearScheduleOptions } from './linear.js';
export { LogSnrSchedule, type LogSnrScheduleOptions } from './log-snr.js';
export type { NoiseSchedule } from './schedule.js';
export { SubVPSchedule } from './sub-vp.js';
export { timeAtLogSnr } from './time-at-log-snr.js';
export { VESchedule, type VEScheduleOptions } from './ve.js';
export { VEKernelSchedule } from './ve-kernel.js';
export { VPSchedule, type VPScheduleOptions } from './vp.js';
