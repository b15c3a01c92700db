import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type TooltipItem,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import { euros, integer, roundEuros } from '../../format';

// Chart.js, with only the pieces the dashboard draws (tree-shaken), and the few chart shapes it uses.
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, DoughnutController, ArcElement, CategoryScale, LinearScale, Tooltip, Legend);
Chart.defaults.color = '#1f2933';
Chart.defaults.borderColor = '#d2d6dc';
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
Chart.defaults.locale = 'fr-FR';

/**
 * Okabe-Ito colours (safe for the common colour blindnesses), each at least 3:1 against white as
 * WCAG 1.4.11 asks of graphics; the grey stands for allocations and envelopes.
 */
export const COLOURS = {
  consumed: '#0072B2',
  committed: '#D55E00',
  allocated: '#767676',
  series: ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#000000', '#8F6A00'],
} as const;

const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

interface ChartCanvasProps {
  /** Memoise it: a new object redraws the chart. */
  config: ChartConfiguration;
  /** The summary a screen reader reads instead of the drawing. */
  label: string;
  /** CSS height of the drawing area, e.g. "18rem". */
  height?: string;
}

/** A canvas drawn by Chart.js; created on mount and on each new config, destroyed before and on unmount. */
export function ChartCanvas({ config, label, height = '18rem' }: ChartCanvasProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      ...config,
      options: { responsive: true, maintainAspectRatio: false, animation: reducedMotion() ? false : { duration: 300 }, ...config.options },
    } as ChartConfiguration);
    return () => chart.destroy();
  }, [config]);
  return (
    <div class="ars-chart" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={label}>
        {label}
      </canvas>
    </div>
  );
}

const euroTooltip = (item: TooltipItem<'bar' | 'line' | 'doughnut'>) => {
  const value = typeof item.raw === 'number' ? item.raw : 0;
  return `${item.dataset.label ?? item.label}: ${euros(Math.round(value * 100))}`;
};
const euroTick = (value: string | number) => roundEuros(Number(value) * 100);

/**
 * Horizontal bars, one or more series: in euros (values in euros, not cents) side by side, or counts
 * stacked (requests unfilled, then filled, per group).
 */
export function horizontalBars(labels: string[], series: Array<{ label: string; data: number[]; colour: string }>, unit: 'euros' | 'counts' = 'euros'): ChartConfiguration {
  const stacked = unit === 'counts';
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: { labels, datasets: series.map((s) => ({ label: s.label, data: s.data, backgroundColor: s.colour, borderColor: s.colour, borderWidth: 1, maxBarThickness: 22 })) },
    options: {
      indexAxis: 'y',
      scales: {
        x: { stacked, beginAtZero: true, ticks: stacked ? { precision: 0, maxTicksLimit: 6 } : { callback: euroTick, maxTicksLimit: 6 } },
        y: { stacked, ticks: categoryTicks },
      },
      plugins: {
        legend: { display: series.length > 1, position: 'bottom' },
        tooltip: { callbacks: { label: stacked ? (item) => `${item.dataset.label ?? ''}: ${integer(Number(item.raw))}` : euroTooltip } },
      },
    },
  };
  return config as unknown as ChartConfiguration;
}

/** Every category named on its axis, long names cut to what the chart's width allows. */
const categoryTicks = {
  autoSkip: false,
  callback(this: { getLabelForValue(value: number): string; chart: { width: number } }, value: string | number) {
    return shorten(this.getLabelForValue(Number(value)), Math.min(32, Math.floor(this.chart.width / 22)));
  },
};

/**
 * One line of euros per month (null leaves a gap: a month still to come); the month under way, at
 * index `current`, is a larger hollow diamond, so that its unfinished figure is not read as a drop.
 */
export function monthlyLine(labels: string[], label: string, data: Array<number | null>, current?: number): ChartConfiguration {
  const mark = <T,>(usual: T, underWay: T) => data.map((_, i) => (i === current ? underWay : usual));
  const config: ChartConfiguration<'line'> = {
    type: 'line',
    data: {
      labels,
      datasets: [{
        label, data, borderColor: COLOURS.consumed, backgroundColor: mark<string>(COLOURS.consumed, '#ffffff'), pointBorderColor: COLOURS.consumed,
        pointStyle: mark<'circle' | 'rectRot'>('circle', 'rectRot'), pointRadius: mark(4, 7), pointBorderWidth: mark(1, 3), pointHoverRadius: 8,
        borderWidth: 2, cubicInterpolationMode: 'monotone', spanGaps: false,
        segment: { borderDash: (ctx) => (ctx.p1DataIndex === current ? [6, 4] : undefined) },
      }],
    },
    options: {
      scales: { y: { beginAtZero: true, ticks: { callback: euroTick, maxTicksLimit: 6 } } },
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: euroTooltip } } },
    },
  };
  return config as unknown as ChartConfiguration;
}

/** Shares of a whole in euros, with a legend (few parts only: three modalities). */
export function doughnut(labels: string[], label: string, data: number[]): ChartConfiguration {
  const config: ChartConfiguration<'doughnut'> = {
    type: 'doughnut',
    data: { labels, datasets: [{ label, data, backgroundColor: labels.map((_, i) => COLOURS.series[i % COLOURS.series.length]!), borderColor: '#ffffff', borderWidth: 2 }] },
    options: {
      plugins: {
        legend: { position: 'bottom' },
        tooltip: { callbacks: { label: (item) => `${item.label}: ${euros(Math.round(Number(item.raw) * 100))}` } },
      },
    },
  };
  return config as unknown as ChartConfiguration;
}

/** Long structure names cut for an axis; the tooltip and the table keep them whole. */
function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
