// One request: everything GET /api/requests/{id} answers, the orchestration's history for admins
// (GET /api/instances/{id}/history), the admin actions on the orchestration (each confirmed, each
// answer shown) and, for an approver holding the pending step, the decision form.
import { api, claims, hasRole, problemView } from './api.js';
import { add, badge, h, money, show, table, time } from './dom.js';
import { decisionForm } from './decision.js';

const Actions = [
  { name: 'Suspend', method: 'POST', path: id => `instances/${id}/suspend`, confirm: 'Suspend this request\'s orchestration? It stops until resumed.' },
  { name: 'Resume', method: 'POST', path: id => `instances/${id}/resume`, confirm: 'Resume this request\'s orchestration?' },
  { name: 'Terminate', method: 'POST', path: id => `instances/${id}/terminate`, confirm: 'Terminate this request\'s orchestration? Its reserved funds are given back and it ends as Failed.' },
  { name: 'Restart', method: 'POST', path: id => `instances/${id}/restart`, confirm: 'Restart this request\'s orchestration from its original input?' },
  { name: 'Purge', method: 'DELETE', path: id => `instances/${id}`, confirm: 'Purge this orchestration\'s history? The request record stays.' },
];

export default async function view(main, [id]) {
  const answer = h('div', { role: 'status', 'aria-live': 'polite' });
  show(main, h('h1', {}, `Request ${id}`),
    h('button', { type: 'button', class: 'link', onclick: () => view(main, [id]) }, 'Reload this request'), answer);
  let request;
  try {
    request = (await api(`requests/${encodeURIComponent(id)}`)).body;
  } catch (error) {
    add(main, problemView(error, 'This request'));
    return;
  }

  const admin = hasRole('admin');
  const pending = request.approvals.find(a => a.status === 'Pending');
  add(main, 
    h('p', { class: 'lead' }, h('strong', {}, request.title), ` · ${request.partner} · `, badge(request.stage, 'stage'), ' ',
      request.outcome ? badge(request.outcome, `outcome ${request.outcome.toLowerCase()}`) : null),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Stage'), h('dd', { 'data-field': 'stage' }, request.stage),
      h('dt', {}, 'Outcome'), h('dd', { 'data-field': 'outcome' }, request.outcome ?? '— (open)'),
      h('dt', {}, 'Submitted'), h('dd', {}, time(request.submittedAt)),
      h('dt', {}, 'Updated'), h('dd', {}, time(request.updatedAt))),
    pending && claims()?.steps.includes(pending.step) && request.stage === 'AwaitingApproval'
      ? h('section', { class: 'card' }, h('h2', {}, `Your decision: ${pending.step}`), decisionForm(request.id, pending.step, () => view(main, [id])))
      : null,
    eligibility(request.eligibility),
    estimate(request.estimate),
    funding(request.funding),
    table('Approvals', [
      ['Step', a => a.step],
      ['Status', a => [a.status, a.escalated ? [' ', badge('escalated', 'warn')] : null]],
      ['Approver', a => a.approver ?? '—'],
      ['Decided', a => time(a.decidedAt)],
      ['Deadline', a => time(a.deadline)],
      ['Escalated', a => (a.escalatedAt ? [time(a.escalatedAt), a.escalatedTo?.length ? ` to ${a.escalatedTo.join(', ')}` : ''] : '—')],
      ['Comment', a => a.comment ?? ''],
    ], request.approvals, a => (a.status === 'Pending' ? 'pending' : null)),
    h('section', { 'aria-labelledby': 'timeline-h' }, h('h2', { id: 'timeline-h' }, 'Timeline'),
      h('ol', { class: 'timeline' }, request.timeline.map(e => h('li', {}, time(e.at), ' ', badge(e.kind), ' ', e.detail)))));

  if (admin) {
    add(main, h('section', { class: 'card', 'aria-labelledby': 'actions-h' }, h('h2', { id: 'actions-h' }, 'Orchestration'),
      h('div', { class: 'actions' }, Actions.map(action => h('button', { type: 'button', class: action.name === 'Terminate' || action.name === 'Purge' ? 'danger' : '', onclick: async () => {
        if (!window.confirm(action.confirm)) return;
        try {
          const result = await api(action.path(encodeURIComponent(request.id)), { method: action.method });
          show(answer, h('div', { class: 'ok' }, `${action.name}: ${result.status} ${result.status === 204 ? 'done' : 'accepted'}.`));
          setTimeout(() => loadHistory(history, request), 1000);
        } catch (error) {
          show(answer, problemView(error, action.name));
        }
      } }, action.name)))));
    const history = h('section', { 'aria-labelledby': 'history-h' });
    add(main, history);
    await loadHistory(history, request);
  }
}

function eligibility(value) {
  if (!value) return h('section', {}, h('h2', {}, 'Eligibility'), h('p', { class: 'muted' }, 'Not screened yet.'));
  return h('section', {}, h('h2', {}, 'Eligibility: ', value.result),
    value.reasons.length === 0 ? h('p', { class: 'muted' }, 'No reasons given.')
      : h('ul', { class: 'reasons' }, value.reasons.map(r => h('li', {}, h('code', {}, r.code), r.item !== null ? ` (item ${r.item + 1})` : '', ': ', r.message))));
}

function estimate(value) {
  if (!value) return h('section', {}, h('h2', {}, 'Estimate'), h('p', { class: 'muted' }, 'Not costed.'));
  const percent = x => `${Math.round(x * 100)} %`;
  return h('section', {}, h('h2', {}, 'Estimate: ', money(value.totalEur)),
    h('p', {}, `Range ${money(value.lowEur)} to ${money(value.highEur)}.`),
    table('Estimate by item', [
      ['#', i => i.item + 1], ['Area', i => i.area], ['Participants', i => i.participants, 'num'], ['Weeks', i => i.weeks, 'num'],
      ['Location', i => i.location], ['Set-up', i => money(i.setupEur), 'num'], ['Participant-weeks', i => money(i.participantWeeksEur), 'num'],
      ['Team-weeks', i => money(i.teamWeeksEur), 'num'], ['Location factor', i => `× ${i.locationFactor}`, 'num'],
      ['Risk premium', i => percent(i.riskPremium), 'num'], ['Contingency', i => percent(i.contingency), 'num'], ['Total', i => money(i.totalEur), 'num'],
    ], value.items));
}

function funding(value) {
  if (!value) return h('section', {}, h('h2', {}, 'Funding plan'), h('p', { class: 'muted' }, 'No plan yet.'));
  return h('section', {}, h('h2', {}, 'Funding plan'),
    table('Funds that pay', [['Fund', l => l.fundId], ['Amount', l => money(l.amountEur), 'num']], value.plan),
    h('p', {}, 'Shortfall: ', h('strong', {}, money(value.shortfallEur))),
    value.waitUntil ? h('p', {}, 'Wait for funds until: ', time(value.waitUntil)) : null);
}

async function loadHistory(section, request) {
  try {
    const { body } = await api(`instances/${encodeURIComponent(request.id)}/history`);
    const instance = body.instance;
    show(section, h('h2', { id: 'history-h' }, 'Orchestration history'),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Status'), h('dd', { 'data-field': 'runtime-status' }, instance.runtimeStatus),
        h('dt', {}, 'Created'), h('dd', {}, time(instance.createdAt)),
        h('dt', {}, 'Last updated'), h('dd', {}, time(instance.lastUpdatedAt)),
        instance.failure ? [h('dt', {}, 'Failure'), h('dd', {}, instance.failure)] : null),
      body.history
        ? table('History events', [['#', e => e.eventId, 'num'], ['When', e => time(e.timestamp)], ['Event', e => e.eventType], ['Name', e => e.name ?? '']], body.history)
        : h('p', { class: 'muted' }, body.historyUnavailable ?? 'The backend does not list history events.'));
  } catch (error) {
    // A finished request's orchestration is purged a while after its outcome (Reconciler:HistoryRetention,
    // seconds on Azurite): not an error, and the timeline above is the request's own record.
    const purged = error.status === 404 && request.outcome && !error.routeMissing;
    show(section, h('h2', { id: 'history-h' }, 'Orchestration history'), purged
      ? h('p', { class: 'muted', 'data-field': 'history-purged' }, 'The engine no longer keeps this orchestration: finished ones are purged a while after their outcome. The timeline above is the request\'s own record and stays.')
      : problemView(error, 'The history'));
  }
}
