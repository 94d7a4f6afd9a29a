/**
 * The U-Net vector field for images: config, layers, weight layout and PyTorch state_dict names.
 *
 * @packageDocumentation
 */
export { UNET_DEFAULTS, type UnetVectorFieldConfig, type UnetVectorFieldOptions } from './config.js';
export { type UnetVectorField, unetVectorField } from './unet-vector-field.js';
