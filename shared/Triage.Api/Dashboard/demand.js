// Demand vs funding (GET /api/reports/demand): requested, funded and shortfall, summed per area or
// per partner from the report's rows, as a chart and as a table.
import { api, problemView } from './api.js';
import { barChart } from './chart.js';
import { h, money, show, table } from './dom.js';

export default async function view(main) {
  const content = h('div', {});
  show(main, h('h1', {}, 'Demand vs funding'), content);
  let report;
  try {
    report = (await api('reports/demand')).body;
  } catch (error) {
    show(content, problemView(error, 'The demand report'));
    return;
  }

  const by = h('select', { id: 'demand-by' }, h('option', { value: 'area' }, 'area'), h('option', { value: 'partner' }, 'partner'));
  const chart = h('div', {});
  const render = () => {
    const rows = group(report.rows, by.value);
    show(chart,
      barChart({
        title: `Requested, funded and shortfall per ${by.value}`,
        categories: rows.map(r => r.key),
        series: [
          { name: 'Requested', cls: 'requested', values: rows.map(r => r.requestedEur) },
          { name: 'Funded', cls: 'funded', values: rows.map(r => r.fundedEur) },
          { name: 'Shortfall', cls: 'shortfall', values: rows.map(r => r.shortfallEur) },
        ],
      }),
      table(`Per ${by.value}`, [[by.value === 'area' ? 'Area' : 'Partner', r => r.key], ['Requested', r => money(r.requestedEur), 'num'],
        ['Funded', r => money(r.fundedEur), 'num'], ['Shortfall', r => money(r.shortfallEur), 'num']], rows));
  };

  by.addEventListener('change', render);
  show(content,
    h('p', { class: 'lead' }, 'Requested ', h('strong', {}, money(report.requestedEur)), ' · funded ', h('strong', {}, money(report.fundedEur)),
      ' · shortfall ', h('strong', {}, money(report.shortfallEur))),
    h('div', { class: 'field inline' }, h('label', { for: 'demand-by' }, 'Per'), by),
    chart);
  render();
}

function group(rows, key) {
  const sums = new Map();
  for (const row of rows) {
    const sum = sums.get(row[key]) ?? { key: row[key], requestedEur: 0, fundedEur: 0, shortfallEur: 0 };
    sum.requestedEur += row.requestedEur;
    sum.fundedEur += row.fundedEur;
    sum.shortfallEur += row.shortfallEur;
    sums.set(row[key], sum);
  }

  return [...sums.values()].sort((a, b) => b.requestedEur - a.requestedEur);
}
