// Orders per hour per channel as an inline SVG line chart (no chart library; CSP allows no inline styles,
// so colours come from classes in style.css).
import { h, s } from './dom.js';
import { t } from './i18n.js';

const W = 640;
const H = 220;
const PAD = { left: 40, right: 12, top: 12, bottom: 28 };

/** `data`: { hours: [iso], series: [{ connectionId, counts }] }; `names`: id → display name. */
export function ordersChart(data, names, lang) {
  const hours = data.hours || [];
  const series = data.series || [];
  const max = Math.max(1, ...series.flatMap((x) => x.counts));
  const x = (i) => PAD.left + (i * (W - PAD.left - PAD.right)) / Math.max(1, hours.length - 1);
  const y = (v) => H - PAD.bottom - (v * (H - PAD.top - PAD.bottom)) / max;
  const total = series.reduce((n, x2) => n + x2.counts.reduce((a, b) => a + b, 0), 0);
  const label = t('overview.chartSummary', { total, hours: hours.length, channels: series.length });
  const ticks = [0, Math.round(max / 2), max];
  const hourLabel = (iso) =>
    new Date(iso).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
      hour: '2-digit',
      minute: '2-digit',
    });
  const svg = s(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label, class: 'chart' },
    s('title', { text: label }),
    ticks.map((v) => [
      s('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: 'grid' }),
      s('text', { x: PAD.left - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end', text: v }),
    ]),
    hours.map((iso, i) =>
      i % 4 === 0
        ? s('text', { x: x(i), y: H - 8, class: 'axis', 'text-anchor': 'middle', text: hourLabel(iso) })
        : null,
    ),
    series.map((line, n) =>
      s('polyline', {
        class: `series series-${n % 6}`,
        fill: 'none',
        points: line.counts.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' '),
      }),
    ),
  );
  const legend = h(
    'ul',
    { class: 'legend' },
    series.map((line, n) =>
      h(
        'li',
        {},
        h('span', { class: `swatch series-bg-${n % 6}`, 'aria-hidden': 'true' }),
        `${names[line.connectionId] || line.connectionId}: ${line.counts.reduce((a, b) => a + b, 0)}`,
      ),
    ),
  );
  return h(
    'figure',
    { class: 'chart-box' },
    svg,
    h('figcaption', {}, series.length ? legend : t('overview.noOrders')),
  );
}
