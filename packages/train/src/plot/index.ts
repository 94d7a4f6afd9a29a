export { Canvas, type Rgba, type Viewport, viridis } from './canvas.js';
export { encodePng } from './png.js';
