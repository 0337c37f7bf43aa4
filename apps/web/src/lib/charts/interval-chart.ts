// Scores with their 95% intervals as horizontal floating bars with a point at the score: the
// live standings and the dashboard's rank chart draw the same picture.
import type { ChartConfiguration } from 'chart.js';

export function intervalChart(
  rows: readonly { label: string; score: number; ci: [number, number] | null }[],
  names: { score: string; ci: string },
): ChartConfiguration {
  return {
    type: 'bar',
    data: {
      labels: rows.map((r) => r.label),
      datasets: [
        {
          type: 'bar',
          label: names.ci,
          data: rows.map((r) => r.ci ?? [r.score, r.score]),
          backgroundColor: 'rgba(26, 86, 160, 0.25)',
          borderColor: 'rgba(26, 86, 160, 0.8)',
          borderWidth: 1,
          barPercentage: 0.5,
        },
        {
          type: 'line',
          label: names.score,
          data: rows.map((r) => r.score),
          showLine: false,
          pointRadius: 4,
          pointBackgroundColor: '#b3261e',
        },
      ],
    },
    options: {
      indexAxis: 'y',
      maintainAspectRatio: false,
      animation: false,
      scales: { x: { min: 0, max: 100 } },
    },
  } as ChartConfiguration;
}
