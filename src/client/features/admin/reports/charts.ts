// chart.js with only what the report charts draw (bars, a doughnut, their
// scales, tooltip and legend): this module is imported by the Laporan tab
// when it first draws, so the counter never downloads it.
import { ArcElement, BarController, BarElement, CategoryScale, Chart, DoughnutController, Legend, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, DoughnutController, ArcElement, CategoryScale, LinearScale, Tooltip, Legend);

export type ChartKind = 'bar' | 'bar-horizontal' | 'doughnut';

export interface ChartData {
  labels: string[];
  values: number[];
  /** The series' name, for the tooltip and legend. */
  series: string;
  /** How a value reads in a tooltip or on an axis (rupiah). */
  format: (v: number) => string;
}

const COLOURS = ['#1f6f5c', '#c2662d', '#3d5a98', '#9c3d6b', '#6b7d1f', '#2d8ca3', '#a3562d', '#5a3d98', '#7a7a7a', '#b8912d'];

/** Draws the chart on `canvas`; the answer takes it down again. Throws where the canvas has no 2D context (a test DOM). */
export function drawChart(canvas: HTMLCanvasElement, kind: ChartKind, data: ChartData): () => void {
  const doughnut = kind === 'doughnut';
  const chart = new Chart(canvas, {
    type: doughnut ? 'doughnut' : 'bar',
    data: {
      labels: data.labels,
      datasets: [
        {
          label: data.series,
          data: data.values,
          backgroundColor: doughnut ? data.values.map((_, i) => COLOURS[i % COLOURS.length]!) : COLOURS[0]!,
        },
      ],
    },
    options: {
      // A report is read, not watched: no animation, and print gets the final picture.
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: kind === 'bar-horizontal' ? 'y' : 'x',
      plugins: {
        legend: { display: doughnut, position: 'bottom' },
        tooltip: { callbacks: { label: (c) => `${c.label}: ${data.format(Number(c.raw))}` } },
      },
      ...(doughnut ? {} : { scales: { [kind === 'bar-horizontal' ? 'x' : 'y']: { ticks: { callback: (v: string | number) => data.format(Number(v)) } } } }),
    },
  });
  if (!chart.ctx) {
    chart.destroy();
    throw new Error('no 2D canvas context');
  }
  return () => chart.destroy();
}
