/**
 * The U-Net vector field for images: config, layers, weight layout and PyTorch state_dict names.
 *
 * @packageDocumentation
 */
export type { UnetVectorFieldConfig, UnetVectorFieldOptions } from './config.js';
export { type UnetVectorField, unetVectorField } from './unet-vector-field.js';
