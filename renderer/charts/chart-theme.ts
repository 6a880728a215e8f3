/** Canvas colours must be literal values (uPlot draws on a canvas, not with CSS). Keep in step with styles/theme.css. */
export const chartTheme = {
  axisText: '#8b96a8',
  grid: 'rgba(139, 150, 168, 0.14)',
  font: '11px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
} as const;

const palette = ['#5aa9ff', '#3fcf8e', '#f5b041', '#c58cff', '#ff7eb6', '#3dd6d0', '#ff8f5a', '#9fb4ff'] as const;

export function seriesColor(index: number): string {
  return palette[index % palette.length] ?? palette[0];
}
