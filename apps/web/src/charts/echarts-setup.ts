/**
 * ECharts, modular: only the chart types and components the dashboards draw, on the SVG renderer
 * (crisp at any zoom, and lighter than canvas plus SVG). Imported only through EChart's dynamic
 * import(), so it is a chunk of its own that no page loads until a chart is on screen; the
 * respondent's /pulse never fetches it.
 */
import { BarChart, BoxplotChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, HeatmapChart, BoxplotChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, VisualMapComponent, SVGRenderer]);

export { echarts };
