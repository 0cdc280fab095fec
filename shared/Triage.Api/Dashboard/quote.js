// A quote for any partner (POST /api/quotes, admins name the partner): eligibility, estimate and
// whether the funds could pay for it now. Writes nothing; useful after changing reference data.
import { api, problemView } from './api.js';
import { add, field, h, money, show } from './dom.js';

const Locations = ['nato-facility', 'in-country', 'mobile-team'];

export default async function view(main) {
  const answer = h('section', { 'aria-live': 'polite' });
  const areas = h('datalist', { id: 'quote-areas' });
  const partner = h('input', { type: 'text', required: true, maxlength: 3, pattern: '[A-Za-z]{3}', size: 4, autocomplete: 'off' });
  const title = h('input', { type: 'text', required: true, maxlength: 200, value: 'Quote from the dashboard' });
  const area = h('input', { type: 'text', required: true, list: 'quote-areas', autocomplete: 'off' });
  const participants = h('input', { type: 'number', min: 1, step: 1, required: true, value: 20 });
  const weeks = h('input', { type: 'number', min: 1, step: 1, required: true, value: 4 });
  const location = h('select', {}, Locations.map(l => h('option', { value: l }, l)));
  show(main, h('h1', {}, 'Quote'), h('p', { class: 'muted' }, 'What a partner would be told now for one line item: eligibility, estimate and funding. Nothing is saved.'),
    h('form', { class: 'card filters', onsubmit: async event => {
      event.preventDefault();
      const start = new Date(Date.now() + 60 * 86400000).toISOString().slice(0, 10);
      show(answer, h('p', { class: 'muted' }, 'Asking…'));
      try {
        const { body } = await api('quotes', { method: 'POST', body: {
          partner: partner.value.toUpperCase(),
          title: title.value,
          summary: `${title.value} (${area.value}, ${participants.value} participants, ${weeks.value} weeks).`,
          items: [{ area: area.value, participants: Number(participants.value), weeks: Number(weeks.value), location: location.value }],
          requestedStart: start,
          contact: { name: 'Dashboard quote', email: 'quote@example.org' },
        } });
        show(answer, result(body));
      } catch (error) {
        show(answer, problemView(error, 'The quote'));
      }
    } },
    field('Partner', partner, 'ISO 3166 alpha-3, e.g. GEO'), field('Title', title), field('Area', area), areas,
    field('Participants', participants), field('Weeks', weeks), field('Location', location),
    h('button', { type: 'submit' }, 'Get a quote')),
    answer);

  try {
    const { body } = await api('reference-data');
    add(areas, body.areas.map(a => h('option', { value: a.id ?? a })));
  } catch {
    // The area names are a convenience; the quote answers which are wrong.
  }
}

function result(quote) {
  return h('div', { class: 'card' },
    h('h2', {}, 'Fundable now: ', h('strong', { 'data-field': 'fundable' }, quote.fundableNow ? 'yes' : 'no')),
    h('p', {}, 'Eligibility: ', h('strong', {}, quote.eligibility.result)),
    h('ul', {}, quote.eligibility.reasons.map(r => h('li', {}, h('code', {}, r.code), ': ', r.message))),
    quote.estimate ? h('p', {}, 'Estimate: ', h('strong', {}, money(quote.estimate.totalEur)), ` (${money(quote.estimate.lowEur)} to ${money(quote.estimate.highEur)})`) : null,
    h('p', {}, 'Funding plan: ', quote.funding.plan.length ? quote.funding.plan.map(l => `${l.fundId} ${money(l.amountEur)}`).join(', ') : 'none',
      ' · shortfall ', money(quote.funding.shortfallEur)));
}
