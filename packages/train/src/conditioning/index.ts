export { type ClassLabels, conditionalField } from './conditional-field.js';
export { type GuidedFieldOptions, guidedField } from './guided-field.js';
