// ECharts, loaded only by the dashboard (a dynamic import): just the core, two chart types, the components they
// use and the canvas renderer, so the chunk carries none of the rest of the library.
import * as echarts from 'echarts/core'
import { BarChart, LineChart } from 'echarts/charts'
import { AriaComponent, GridComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([BarChart, LineChart, AriaComponent, GridComponent, TooltipComponent, CanvasRenderer])

export type Chart = echarts.ECharts
export type Option = echarts.EChartsCoreOption

const INK = '#161616'
const ACCENT = '#9e1b14'

interface AxisModel { axis?: { getViewLabels(): { formattedLabel: string }[] } }

/**
 * The labels each axis shows, as ECharts laid them out ({xAxis: [...], yAxis: [...]}): the page writes them on
 * the chart's element (data-axis-labels) so its browser tests read what is drawn on the canvas.
 */
export function axisLabels(chart: Chart): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  try {
    const model = (chart as unknown as { getModel(): { getComponent(type: string, i: number): AxisModel | undefined } }).getModel()
    for (const type of ['xAxis', 'yAxis']) {
      const axis = model.getComponent(type, 0)?.axis
      if (axis) out[type] = axis.getViewLabels().map(l => l.formattedLabel)
    }
  } catch {
    // ECharts' model is internal: without it the chart still draws, only the labels go unrecorded.
  }
  return out
}

/** Draws option into el (or redraws it), with the page's type sizes and colours. */
export function draw(el: HTMLElement, option: Option, existing?: Chart | null): Chart {
  const chart = existing ?? echarts.init(el, undefined, { renderer: 'canvas' })
  chart.setOption({
    // Described in words for screen readers by ECharts' aria component.
    aria: { enabled: true },
    color: [ACCENT, '#1f5fa8', '#2e7d32', '#6a1b9a'],
    textStyle: { fontSize: 16, color: INK },
    // richText tooltips are drawn on the canvas: HTML tooltips would carry inline styles the CSP refuses.
    tooltip: { trigger: 'axis', renderMode: 'richText', textStyle: { fontSize: 16 } },
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    ...option,
  }, true)
  return chart
}
