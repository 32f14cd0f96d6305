import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';

export type ChartOption = EChartsCoreOption;

/** What a click on a chart's item reports: which series and item (for charts whose items lead somewhere). */
export interface ChartItemClick {
  seriesIndex: number;
  dataIndex: number;
  data: unknown;
}

function prefersReducedMotion(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** How many data items the option's series hold: what the chart has drawn (the benchmark reads it, since a canvas has no elements to count). */
function itemsOf(option: ChartOption): number {
  const series = (option as { series?: unknown }).series;
  const list = Array.isArray(series) ? series : series ? [series] : [];
  return list.reduce((sum: number, s: { data?: unknown }) => sum + (Array.isArray(s?.data) ? s.data.length : 0), 0);
}

/**
 * One ECharts chart. ECharts itself is loaded on first use (echarts-setup, a chunk of its own), the
 * chart follows its box's size (ResizeObserver), animates only when the reader has not asked for
 * reduced motion, and is one image to assistive technology, named by `label`: the figures
 * themselves are in the table beside it (ChartFigure), which a screen reader reads far better.
 * Withheld figures must reach `option` as null (no value, colour or tooltip), never as numbers.
 */
export function EChart({ option, label, height = 320, onItemClick }: { option: ChartOption; label: string; height?: number; onItemClick?: (item: ChartItemClick) => void }) {
  const box = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<EChartsType | null>(null);
  const [rendered, setRendered] = useState(false);
  const [items, setItems] = useState(0);

  useEffect(() => {
    let disposed = false;
    let instance: EChartsType | undefined;
    let observer: ResizeObserver | undefined;
    void import('./echarts-setup').then(({ echarts }) => {
      if (disposed || !box.current) return;
      instance = echarts.init(box.current, undefined, { renderer: 'canvas' });
      // A ResizeObserver reports every box once when observed, and ECharts' resize() redraws the whole
      // chart even at the same size (a second full draw of a 3,540-cell heatmap): resize only on a change.
      observer = new ResizeObserver(() => {
        const element = box.current;
        if (instance && element && (element.clientWidth !== instance.getWidth() || element.clientHeight !== instance.getHeight())) instance.resize();
      });
      observer.observe(box.current);
      setChart(instance);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      instance?.dispose();
    };
  }, []);

  useEffect(() => {
    if (!chart) return;
    const animation = !prefersReducedMotion();
    // setOption draws synchronously (ECharts flushes the canvas before returning), so the chart is on screen here.
    const started = performance.now();
    chart.setOption({ animation, textStyle: { fontFamily: 'arial, sans-serif' }, ...option }, { notMerge: true });
    // How long the drawing took, for `npm run bench:web`'s timeline (a user-timing entry costs nothing to readers).
    const drawn = itemsOf(option);
    performance.measure('pp:chart-drawn', { start: started, detail: { items: drawn } });
    setItems(drawn);
    setRendered(true);
  }, [chart, option]);

  useEffect(() => {
    if (!chart || !onItemClick) return;
    const handler = (params: unknown) => onItemClick(params as ChartItemClick);
    chart.on('click', handler);
    return () => {
      chart.off('click', handler);
    };
  }, [chart, onItemClick]);

  return <div ref={box} className="pp-chart" role="img" aria-label={label} data-rendered={rendered} data-items={items} style={{ height }} />;
}
