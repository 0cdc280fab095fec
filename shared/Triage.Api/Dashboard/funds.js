// Trust funds: capacity, committed, reserved and free per fund as stacked bars (GET /api/funds), and
// for admins the form that records a contribution (POST /api/funds/{id}/contributions). The form makes
// one Idempotency-Key when it is shown, so pressing twice, or retrying after a lost answer, counts once;
// a new key is made only after an answer came back.
import { api, hasRole, problemView } from './api.js';
import { barChart } from './chart.js';
import { field, h, money, show, table } from './dom.js';

export default async function view(main) {
  const chart = h('section', { 'aria-labelledby': 'funds-h' });
  const form = h('section', {});
  show(main, h('h1', {}, 'Trust funds'), chart, form);
  const funds = await load(chart);
  if (funds && hasRole('admin')) show(form, contributionForm(funds, () => load(chart)));
}

async function load(section) {
  try {
    const { body: funds } = await api('funds');
    show(section, h('h2', { id: 'funds-h' }, 'Capacity and balances'),
      barChart({
        title: 'Trust fund balances: committed, reserved and free, adding up to capacity',
        categories: funds.map(f => f.id),
        series: [
          { name: 'Committed', cls: 'committed', values: funds.map(f => f.committedEur) },
          { name: 'Reserved', cls: 'reserved', values: funds.map(f => f.reservedEur) },
          { name: 'Free', cls: 'free', values: funds.map(f => f.availableEur) },
        ],
        stacked: true,
      }),
      table('Trust funds', [
        ['Fund', f => [f.name, h('br'), h('code', {}, f.id)]],
        ['Lead nations', f => f.leadNations.join(', ') || '—'],
        ['Capacity', f => money(f.capacityEur), 'num'],
        ['Committed', f => money(f.committedEur), 'num'],
        ['Reserved', f => money(f.reservedEur), 'num'],
        ['Free', f => money(f.availableEur), 'num'],
      ], funds));
    return funds;
  } catch (error) {
    show(section, h('h2', { id: 'funds-h' }, 'Capacity and balances'), problemView(error, 'The fund balances'));
    return null;
  }
}

function contributionForm(funds, onRecorded) {
  let key = crypto.randomUUID();
  const fund = h('select', { required: true }, funds.map(f => h('option', { value: f.id }, f.name)));
  const amount = h('input', { type: 'number', min: 1, step: 1, required: true, inputmode: 'numeric' });
  const contributor = h('input', { type: 'text', required: true, maxlength: 200, autocomplete: 'organization' });
  const note = h('input', { type: 'text', maxlength: 500 });
  const answer = h('div', { role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit' }, 'Record contribution');
  return h('form', { class: 'card', onsubmit: async event => {
    event.preventDefault();
    button.disabled = true;
    try {
      const { body } = await api(`funds/${encodeURIComponent(fund.value)}/contributions`, {
        method: 'POST',
        headers: { 'Idempotency-Key': key },
        body: { amountEur: Number(amount.value), contributor: contributor.value.trim(), note: note.value.trim() || null },
      });
      const recorded = `Recorded ${money(Number(amount.value))} for ${body.name}: now ${money(body.availableEur)} free of ${money(body.capacityEur)}. Requests waiting for funds are woken.`;
      key = crypto.randomUUID();
      amount.value = '';
      note.value = '';
      await onRecorded();
      show(answer, h('div', { class: 'ok' }, recorded));
    } catch (error) {
      show(answer, problemView(error, 'The contribution'));
    } finally {
      button.disabled = false;
    }
  } },
  h('h2', {}, 'Record a contribution'),
  field('Fund', fund), field('Amount (EUR, whole euros)', amount), field('Contributor', contributor, 'e.g. the nation or organisation that pledged it'),
  field('Note (optional)', note), button, answer);
}
