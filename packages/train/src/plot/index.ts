export { AXIS_COLOR, type AxisTicks, axisTicks, drawAxes, type PlotTicks, TICK_LENGTH } from './axes.js';
export { Canvas, finiteRange, type PixelRect, type Rgba, type Viewport, viridis } from './canvas.js';
export { type ColorBarTicks, colorBarTicks, drawColorBar } from './color-bar.js';
export { type DensityFigureOptions, densityFigure, densityRange } from './density-figure.js';
export { GLYPH_ASCENT, GLYPH_ROWS, type Glyph, glyph } from './font.js';
export {
  type ImageFigureStyle,
  type ImageGrid,
  type ImageGridFigureOptions,
  imageGridFigure,
  type TrajectoryFramesFigureOptions,
  trajectoryFramesFigure,
} from './image-grid-figure.js';
export { type Figure, type FigureLayout, figureLayout, newFigure } from './layout.js';
export { drawLegend, type LegendEntry, type LegendLayout, legendLayout } from './legend.js';
export { type LogTicks, logTicks } from './log-ticks.js';
export { DATA_COLOR, opaque, PATH_COLOR, SAMPLE_COLOR } from './palette.js';
export { type SamplesFigureOptions, samplesFigure } from './samples-figure.js';
export { drawText, type TextStyle, textWidth } from './text.js';
export { formatTick, niceTicks, type Ticks } from './ticks.js';
export { type TrajectoriesFigureOptions, trajectoriesFigure } from './trajectories-figure.js';
