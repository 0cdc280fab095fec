// A small horizontal bar chart in SVG: one row per category, each series a bar beside the others
// (grouped) or one after the other (stacked). Scales to its container through its viewBox; the
// numbers are also in the bars' titles and in the table each view shows beside it.
import { money } from './dom.js';

const Svg = 'http://www.w3.org/2000/svg';
const Width = 760;
const LabelWidth = 190;
const BarHeight = 14;
const Gap = 10;

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(Svg, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  element.append(...children);
  return element;
}

/** categories: labels; series: [{ name, cls, values }] with one value per category. */
export function barChart({ title, categories, series, stacked = false }) {
  const rowHeight = stacked ? BarHeight + Gap : series.length * BarHeight + Gap;
  const totals = categories.map((_, i) => (stacked ? series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0) : Math.max(...series.map(s => s.values[i] ?? 0))));
  const max = Math.max(1, ...totals);
  const plot = Width - LabelWidth - 110;
  const height = categories.length * rowHeight + 28;
  const chart = svg('svg', { viewBox: `0 0 ${Width} ${height}`, class: 'chart', role: 'img', 'aria-label': title, preserveAspectRatio: 'xMinYMin meet' },
    svg('title', {}, title));

  categories.forEach((category, i) => {
    const top = i * rowHeight + 4;
    chart.append(svg('text', { x: LabelWidth - 8, y: top + (stacked ? BarHeight : series.length * BarHeight) / 2 + 4, 'text-anchor': 'end', class: 'label' }, category));
    let x = LabelWidth;
    series.forEach((s, j) => {
      const value = s.values[i] ?? 0;
      const length = (value / max) * plot;
      const y = stacked ? top : top + j * BarHeight;
      chart.append(svg('rect', { x, y, width: Math.max(value > 0 ? 1 : 0, length), height: BarHeight - 2, class: `bar ${s.cls}` },
        svg('title', {}, `${category}: ${s.name} ${money(value)}`)));
      if (stacked) x += length;
      else if (value > 0) chart.append(svg('text', { x: LabelWidth + length + 4, y: y + BarHeight - 4, class: 'value' }, money(value)));
    });
    if (stacked) chart.append(svg('text', { x: x + 4, y: top + BarHeight - 4, class: 'value' }, money(totals[i])));
  });

  const legend = svg('g', { transform: `translate(${LabelWidth}, ${height - 14})` });
  series.forEach((s, j) => legend.append(
    svg('rect', { x: j * 150, y: 0, width: 12, height: 12, class: `bar ${s.cls}` }),
    svg('text', { x: j * 150 + 16, y: 10, class: 'legend' }, s.name)));
  chart.append(legend);
  return chart;
}
