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

  useEffect(() => {
    let disposed = false;
    let instance: EChartsType | undefined;
    let observer: ResizeObserver | undefined;
    void import('./echarts-setup').then(({ echarts }) => {
      if (disposed || !box.current) return;
      instance = echarts.init(box.current, undefined, { renderer: 'svg' });
      observer = new ResizeObserver(() => instance?.resize());
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
    chart.setOption({ animation, textStyle: { fontFamily: 'arial, sans-serif' }, ...option }, { notMerge: true });
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

  return <div ref={box} className="pp-chart" role="img" aria-label={label} data-rendered={rendered} style={{ height }} />;
}
