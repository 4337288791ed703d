import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { FundMonth } from '../api/types';
import { chartNumber, formatYuan } from '../format/money';
import { valueLabel, type Lang } from '../i18n';

// Only what this chart draws: the full echarts bundle is several times larger.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type SeriesOption = echarts.EChartsCoreOption & Record<string, unknown>;

/** Keys with a non-zero amount in some month: a legend of twenty empty series helps nobody. */
function usedKeys(months: FundMonth[], pick: (m: FundMonth) => Record<string, string>): string[] {
  const keys = new Set<string>();
  for (const month of months) for (const [key, value] of Object.entries(pick(month))) if (!/^-?0(\.0+)?$/.test(value)) keys.add(key);
  return [...keys];
}

function seriesOf(months: FundMonth[], lang: Lang, labels: { income: string; expenditure: string; balance: string }): SeriesOption[] {
  const sources = usedKeys(months, (m) => m.incomeBySource);
  const categories = usedKeys(months, (m) => m.expenditureByCategory);
  const bar = (stack: string, key: string, values: string[]) => ({
    type: 'bar',
    stack,
    name: `${stack === 'income' ? labels.income : labels.expenditure}·${valueLabel(lang, key)}`,
    data: values.map((v) => ({ value: chartNumber(v), text: v })),
  });
  return [
    ...sources.map((key) => bar('income', key, months.map((m) => m.incomeBySource[key] ?? '0'))),
    ...categories.map((key) => bar('expenditure', key, months.map((m) => m.expenditureByCategory[key] ?? '0'))),
    { type: 'line', name: labels.balance, yAxisIndex: 0, data: months.map((m) => ({ value: chartNumber(m.cumulativeBalanceYuan), text: m.cumulativeBalanceYuan })) },
  ];
}

export function FundChart(props: { months: FundMonth[]; lang: Lang; labels: { income: string; expenditure: string; balance: string } }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return undefined;
    const chart = echarts.init(element.current);
    chart.setOption({
      animation: false,
      tooltip: {
        trigger: 'axis',
        // The tooltip shows the API's strings, formatted: the numbers only place the bars.
        formatter: (items: Array<{ seriesName: string; data: { text: string }; marker: string; axisValue: string }>) =>
          [items[0]?.axisValue ?? '', ...items.map((i) => `${i.marker}${i.seriesName}: ${formatYuan(i.data.text)} 元`)].join('<br/>'),
      },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 90, right: 24, top: 48, bottom: 32 },
      xAxis: { type: 'category', data: props.months.map((m) => m.month) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${(v / 10000).toLocaleString('zh-CN')} 万` } },
      series: seriesOf(props.months, props.lang, props.labels),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [props.months, props.lang, props.labels]);
  return <div ref={element} data-testid="fund-chart" style={{ width: '100%', height: 360 }} />;
}
