import { useEffect, useRef } from 'react';

type EChartsOption = Record<string, unknown>;

/** An ECharts chart; echarts itself is fetched on first use so no other view pays for it. */
export function EChart(props: { option: EChartsOption; height: number; dark?: boolean; testId?: string }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<{ setOption: (option: EChartsOption, notMerge?: boolean) => void; dispose: () => void; resize: () => void } | null>(null);
  const optionRef = useRef(props.option);
  optionRef.current = props.option;

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | null = null;
    void import('./echarts-setup.ts').then((echarts) => {
      if (disposed || !containerRef.current) return;
      const chart = echarts.init(containerRef.current, props.dark ? 'dark' : undefined, { renderer: 'canvas' });
      chart.setOption(optionRef.current as never, true);
      chartRef.current = chart as never;
      observer = new ResizeObserver(() => chart.resize());
      observer.observe(containerRef.current);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chartRef.current?.dispose();
      chartRef.current = null;
    };
  }, [props.dark]);

  useEffect(() => {
    chartRef.current?.setOption(props.option, true);
  }, [props.option]);

  return <div ref={containerRef} className="echart" style={{ height: props.height }} data-testid={props.testId} />;
}
