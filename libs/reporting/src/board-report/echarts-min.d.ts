/**
 * ECharts' minified UMD build (dist/echarts.min.js): the same code and API as the package's main
 * entry (dist/echarts.js), which has the types. The board report loads it to keep the worker's
 * memory down (docs/operations.md, "Worker memory").
 */
declare module 'echarts/dist/echarts.min.js' {
  import * as echarts from 'echarts';
  export = echarts;
}
