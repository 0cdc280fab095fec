// The admin's pipeline: counts per stage and outcome (GET /api/reports/pipeline, polled), the oldest
// waiting approvals and the requests waiting for funds, the escalated steps (GET /api/inbox, which
// shows an admin every pending step), and a filterable, paged list of requests (GET /api/requests).
import { api, problemView } from './api.js';
import { age, badge, field, h, money, requestLink, show, table, time } from './dom.js';

const Stages = ['Received', 'Screening', 'Costing', 'Funding', 'AwaitingFunds', 'AwaitingApproval', 'Finalizing', 'Completed'];
const Outcomes = ['Approved', 'Rejected', 'Ineligible', 'Unfunded', 'Expired', 'Withdrawn', 'Failed'];
const RefreshMs = 5000;

export default async function view(main) {
  const counts = h('section', { 'aria-labelledby': 'counts-h' });
  const waiting = h('div', { class: 'columns' });
  const escalated = h('section', {});
  const list = h('section', { 'aria-labelledby': 'list-h' });
  const asOf = h('p', { class: 'muted' });
  show(main, h('h1', {}, 'Pipeline'), asOf, counts, waiting, escalated, list);

  let highlights = { oldest: new Set(), funds: new Set() };
  const filters = filterForm(query => loadList(list, query, highlights));

  async function refresh() {
    try {
      const { body } = await api('reports/pipeline');
      highlights = { oldest: new Set(body.oldestWaitingApprovals.map(r => r.id)), funds: new Set(body.waitingForFunds.map(r => r.id)) };
      show(counts, h('h2', { id: 'counts-h' }, 'Requests by stage and outcome'),
        tiles('Stage', Stages, body.stages, stage => filters.set({ stage })),
        tiles('Outcome', Outcomes, body.outcomes, outcome => filters.set({ stage: 'Completed', outcome })));
      show(waiting,
        h('section', { class: 'highlight oldest' }, table('Oldest waiting approvals',
          [['Request', r => requestLink(r.id)], ['Partner', r => r.partner], ['Step', r => r.step], ['Waiting', r => h('span', { title: new Date(r.since).toISOString() }, age(r.since))],
            ['Deadline', r => time(r.deadline)], ['Estimate', r => money(r.estimateEur), 'num']], body.oldestWaitingApprovals)),
        h('section', { class: 'highlight funds' }, table('Waiting for funds',
          [['Request', r => requestLink(r.id)], ['Partner', r => r.partner], ['Title', r => r.title], ['Waiting', r => h('span', { title: new Date(r.since).toISOString() }, age(r.since))],
            ['Estimate', r => money(r.estimateEur), 'num']], body.waitingForFunds)));
      show(asOf, 'Updated ', time(body.asOf ?? new Date().toISOString()), ` · refreshes every ${RefreshMs / 1000} s`);
    } catch (error) {
      show(counts, h('h2', { id: 'counts-h' }, 'Requests by stage and outcome'), problemView(error, 'The pipeline summary'));
      waiting.replaceChildren();
    }

    try {
      const { body } = await api('inbox?pageSize=100');
      const items = body.items.filter(i => i.escalated);
      show(escalated, table('Escalated steps', [['Request', i => requestLink(i.id)], ['Partner', i => i.partner], ['Step', i => i.step],
        ['Escalated', i => time(i.escalatedAt)], ['Deadline', i => time(i.deadline)]], items, () => 'escalated'));
    } catch (error) {
      show(escalated, h('h2', {}, 'Escalated steps'), problemView(error, 'The list of escalated steps'));
    }
  }

  show(list, h('h2', { id: 'list-h' }, 'Requests'), filters.form, h('div', { class: 'results' }));
  await Promise.all([refresh(), loadList(list, filters.query(), highlights)]);
  const timer = setInterval(() => { if (!document.hidden) refresh(); }, RefreshMs);
  return () => clearInterval(timer);
}

function tiles(kind, names, values, onPick) {
  return h('ul', { class: 'tiles', 'aria-label': `By ${kind.toLowerCase()}` }, names.map(name =>
    h('li', {}, h('button', { type: 'button', class: 'tile', 'data-name': name, onclick: () => onPick(name), title: `List the requests: ${kind.toLowerCase()} ${name}` },
      h('span', { class: 'count' }, String(values?.[name] ?? 0)), h('span', { class: 'label' }, name)))));
}

function filterForm(onApply) {
  const stage = h('select', {}, h('option', { value: '' }, 'any'), Stages.map(s => h('option', { value: s }, s)));
  const outcome = h('select', {}, h('option', { value: '' }, 'any'), Outcomes.map(o => h('option', { value: o }, o)));
  const partner = h('input', { type: 'text', maxlength: 3, pattern: '[A-Za-z]{3}', size: 4, autocomplete: 'off' });
  const from = h('input', { type: 'date' });
  const to = h('input', { type: 'date' });
  const query = () => ({ stage: stage.value, outcome: outcome.value, partner: partner.value.toUpperCase(), from: from.value, to: to.value });
  const form = h('form', { class: 'filters', onsubmit: event => { event.preventDefault(); onApply(query()); } },
    field('Stage', stage), field('Outcome', outcome), field('Partner', partner, 'e.g. LBY'),
    field('Submitted from', from), field('Submitted before', to),
    h('button', { type: 'submit' }, 'Apply'));
  return {
    form,
    query,
    set(values) {
      stage.value = values.stage ?? '';
      outcome.value = values.outcome ?? '';
      onApply(query());
    },
  };
}

async function loadList(section, query, highlights, continuation = null, pageNumber = 1) {
  const results = section.querySelector('.results');
  const params = new URLSearchParams({ pageSize: '25' });
  for (const [name, value] of Object.entries(query)) {
    if (!value) continue;
    params.set(name, name === 'from' || name === 'to' ? new Date(`${value}T00:00:00`).toISOString() : value);
  }

  if (continuation) params.set('continuation', continuation);
  try {
    const { body } = await api(`requests?${params}`);
    const now = Date.now();
    show(results,
      table(`Requests, page ${pageNumber}`, [
        ['Request', r => requestLink(r.id)],
        ['Partner', r => r.partner],
        ['Title', r => r.title],
        ['Stage', r => r.stage],
        ['Outcome', r => r.outcome ?? '—'],
        ['Pending step', r => r.pendingStep ?? '—'],
        ['Estimate', r => money(r.estimateEur), 'num'],
        ['Age', r => h('span', { title: new Date(r.submittedAt).toISOString() }, age(r.submittedAt, now))],
        ['Updated', r => time(r.updatedAt)],
        ['', r => [highlights.oldest.has(r.id) ? badge('oldest waiting', 'warn') : null, highlights.funds.has(r.id) ? badge('waiting for funds', 'info') : null]],
      ], body.items, r => (highlights.oldest.has(r.id) ? 'oldest' : highlights.funds.has(r.id) ? 'funds' : null)),
      h('div', { class: 'pager' },
        pageNumber > 1 ? h('button', { type: 'button', onclick: () => loadList(section, query, highlights) }, 'First page') : null,
        body.continuation ? h('button', { type: 'button', onclick: () => loadList(section, query, highlights, body.continuation, pageNumber + 1) }, 'Next page') : null));
  } catch (error) {
    show(results, problemView(error, 'The request list'));
  }
}
