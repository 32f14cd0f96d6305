/**
 * ECharts, modular: only the chart types and components the dashboards draw, on the canvas
 * renderer alone (one renderer in the chunk, and it draws a 60-member heatmap's 3,540 cells in a
 * fraction of the time SVG takes to build as many DOM nodes; it follows the screen's pixel ratio).
 * Imported only through EChart's dynamic import() (or a page's prefetch of it), so it is a chunk of
 * its own that no page loads until a chart is on its way; the respondent's /pulse never fetches it.
 */
import { BarChart, BoxplotChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapPiecewiseComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, HeatmapChart, BoxplotChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, VisualMapPiecewiseComponent, CanvasRenderer]);

export { echarts };
