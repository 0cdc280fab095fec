// Reference data for admins (GET /api/reference-data and its change routes): open and close trust
// funds, change a partner's status, edit the rate card and the approvers' directory, read the audit
// log. Every change is written by the server as a new version; the page sends the version it showed
// (If-Match), so a change made meanwhile by someone else answers 412 instead of being overwritten.
import { api, problemView } from './api.js';
import { add, field, h, money, show, table, time } from './dom.js';

const PartnerStatuses = ['active', 'suspended', 'conditions-permit'];
const list = text => text.split(',').map(s => s.trim()).filter(Boolean);

export default async function view(main) {
  const answer = h('div', { role: 'status', 'aria-live': 'polite' });
  show(main, h('h1', {}, 'Reference data'), answer);
  let data;
  try {
    data = (await api('reference-data')).body;
  } catch (error) {
    add(main, problemView(error, 'Reference data'));
    return;
  }

  const change = async (what, path, method, body) => {
    try {
      const { body: result } = await api(path, { method, body, headers: { 'If-Match': `"${data.version}"` } });
      show(answer, h('div', { class: 'ok' }, `${what}: saved as version ${result.version}.`));
      await view(main);
      show(main.querySelector('[role=status]'), h('div', { class: 'ok' }, `${what}: saved as version ${result.version}.`));
    } catch (error) {
      show(answer, problemView(error, what));
      answer.scrollIntoView?.({ block: 'nearest' });
    }
  };

  add(main, 
    h('p', { class: 'muted' }, `Version ${data.version}, changed `, time(data.changedAt), ` by ${data.changedBy ?? '—'}.`),
    fundsSection(data, change),
    partnersSection(data, change),
    jsonEditor('Rate card', 'rate-card', data.rateCard, change),
    jsonEditor('Approvers directory', 'approvers', { approvers: data.approvers }, change),
    h('section', { id: 'audit' }));
  await audit(main.querySelector('#audit'), null);
}

function fundsSection(data, change) {
  const id = h('input', { type: 'text', required: true, pattern: '[a-z0-9][a-z0-9-]*', maxlength: 64, autocomplete: 'off' });
  const name = h('input', { type: 'text', required: true, maxlength: 200 });
  const capacity = h('input', { type: 'number', min: 1, step: 1, required: true });
  const partners = h('input', { type: 'text', autocomplete: 'off' });
  const groups = h('input', { type: 'text', autocomplete: 'off' });
  const leads = h('input', { type: 'text', autocomplete: 'off' });
  const areas = (data.areas ?? []).map(a => h('input', { type: 'checkbox', value: a.id ?? a, id: `fund-area-${a.id ?? a}` }));
  return h('section', { 'aria-labelledby': 'ref-funds-h' },
    h('h2', { id: 'ref-funds-h' }, 'Trust funds'),
    table('Trust funds in this version', [
      ['Id', f => h('code', {}, f.id)], ['Name', f => f.name], ['Capacity', f => money(f.capacityEur ?? f.pledgedEur), 'num'],
      ['Partners', f => (f.partners ?? []).join(', ') || '—'], ['Groups', f => (f.groups ?? []).join(', ') || '—'],
      ['Areas', f => (f.areas ?? []).join(', ')], ['Status', f => (f.closed ? 'closed' : f.status ?? 'open')],
      ['', f => (f.closed || f.status === 'closed') ? '' : h('button', { type: 'button', class: 'danger', onclick: () => {
        if (window.confirm(`Close ${f.name} to new reservations? Existing reservations settle normally.`)) change(`Closed ${f.id}`, `reference-data/funds/${encodeURIComponent(f.id)}/close`, 'POST');
      } }, `Close ${f.id}`)],
    ], data.funds ?? []),
    h('form', { class: 'card', onsubmit: event => {
      event.preventDefault();
      change(`Opened ${id.value}`, 'reference-data/funds', 'POST', {
        id: id.value.trim(), name: name.value.trim(), leadNations: list(leads.value), partners: list(partners.value.toUpperCase()),
        groups: list(groups.value), areas: areas.filter(a => a.checked).map(a => a.value), capacityEur: Number(capacity.value),
      });
    } },
    h('h3', {}, 'Open a trust fund'),
    field('Id', id, 'lower case, e.g. georgia-2'), field('Name', name), field('Capacity (EUR)', capacity),
    field('Partners (codes, comma-separated)', partners, 'e.g. GEO, UKR; empty with groups below'),
    field('Groups (comma-separated)', groups, 'frameworks such as PFP, MD, ICI, PAG, DCB, conditions-permit'),
    field('Lead nations (comma-separated)', leads),
    h('fieldset', {}, h('legend', {}, 'Areas it pays for'), areas.map(a => h('label', { class: 'check', for: a.id }, a, ` ${a.value}`))),
    h('button', { type: 'submit' }, 'Open fund')));
}

function partnersSection(data, change) {
  const partner = h('select', { required: true }, (data.partners ?? []).map(p => h('option', { value: p.code }, `${p.code} · ${p.name} (${p.status})`)));
  const status = h('select', { required: true }, PartnerStatuses.map(s => h('option', { value: s }, s)));
  const reason = h('input', { type: 'text', required: true, maxlength: 500 });
  return h('section', { 'aria-labelledby': 'ref-partners-h' },
    h('h2', { id: 'ref-partners-h' }, 'Partners'),
    h('form', { class: 'card filters', onsubmit: event => {
      event.preventDefault();
      change(`${partner.value} is now ${status.value}`, `reference-data/partners/${partner.value}/status`, 'PUT', { status: status.value, reason: reason.value.trim() });
    } },
    field('Partner', partner), field('New status', status), field('Reason', reason), h('button', { type: 'submit' }, 'Change status')),
    h('details', {}, h('summary', {}, `All ${(data.partners ?? []).length} partners`),
      table('Partners', [['Code', p => p.code], ['Name', p => p.name], ['Framework', p => p.framework ?? '—'], ['Status', p => p.status], ['Risk', p => p.risk]], data.partners ?? [])));
}

function jsonEditor(title, path, value, change) {
  const text = h('textarea', { rows: 12, spellcheck: 'false', class: 'code' });
  text.value = JSON.stringify(value ?? null, null, 2);
  const problem = h('div', {});
  return h('section', {},
    h('h2', {}, title),
    h('form', { class: 'card', onsubmit: event => {
      event.preventDefault();
      let parsed;
      try {
        parsed = JSON.parse(text.value);
      } catch (error) {
        show(problem, h('div', { class: 'problem', role: 'alert' }, `Not valid JSON: ${error.message}`));
        return;
      }

      problem.replaceChildren();
      change(`${title} saved`, `reference-data/${path}`, 'PUT', parsed);
    } },
    field(`${title} (JSON)`, text, 'Checked by the server like the seed files; a bad field is named and nothing changes.'), problem,
    h('button', { type: 'submit' }, `Save ${title.toLowerCase()}`)));
}

async function audit(section, continuation) {
  try {
    const { body } = await api(`reference-data/audit${continuation ? `?continuation=${encodeURIComponent(continuation)}` : ''}`);
    show(section, h('h2', {}, 'Audit log'),
      table('Changes, newest first', [['Version', e => e.version, 'num'], ['When', e => time(e.at)], ['Who', e => e.by], ['Change', e => e.change], ['Summary', e => e.summary ?? '']], body.items),
      body.continuation ? h('button', { type: 'button', onclick: () => audit(section, body.continuation) }, 'Older changes') : null);
  } catch (error) {
    show(section, h('h2', {}, 'Audit log'), problemView(error, 'The audit log'));
  }
}
