// Signing in: paste a bearer token; on the self-host with its development key, also a development
// sign-in that mints one (POST /api/dev/tokens, a route the Azure Functions app does not have). When
// the server names an OpenID Connect authority and client id (config.json), the page says so: signing
// in there is described in the README.
import { api, problemView, signIn } from './api.js';
import { add, field, h, show } from './dom.js';

export default async function view(main) {
  const message = h('div', { role: 'status', 'aria-live': 'polite' });
  const pasted = h('textarea', { rows: 4, required: true, autocomplete: 'off', spellcheck: 'false' });
  show(main,
    h('h1', {}, 'Sign in'),
    message,
    h('form', { class: 'card', onsubmit: event => {
      event.preventDefault();
      try {
        signIn(pasted.value);
        window.dispatchEvent(new Event('triage:signed-in'));
      } catch (error) {
        show(message, h('div', { class: 'problem', role: 'alert' }, error.message));
      }
    } },
    h('h2', {}, 'With a bearer token'),
    field('Bearer token', pasted, 'Kept in this tab only (sessionStorage), never in the address bar.'),
    h('button', { type: 'submit' }, 'Sign in')));

  const [config, dev] = await Promise.allSettled([api('dashboard/config.json'), api('dev/tokens')]);
  if (config.status === 'fulfilled' && config.value.body.authority && config.value.body.clientId) {
    const { authority, clientId, scope } = config.value.body;
    add(main, h('section', { class: 'card' },
      h('h2', {}, 'With Entra ID'),
      h('p', {}, `This server trusts tokens from ${authority} for the app ${clientId}${scope ? ` (scope ${scope})` : ''}. `,
        'Get one with the Azure CLI (az account get-access-token --scope …) and paste it above; see the README, "Dashboard".')));
  }

  if (dev.status === 'fulfilled') add(main, devSignIn(dev.value.body, message));
}

function devSignIn(options, message) {
  const role = h('select', { required: true }, options.roles.map(r => h('option', { value: r, selected: r === 'admin' }, r)));
  const partner = h('select', {}, h('option', { value: '' }, '(none)'),
    options.partners.map(p => h('option', { value: p.code }, `${p.code} · ${p.name}${p.status === 'Active' ? '' : ` (${p.status})`}`)));
  const steps = options.steps.map(step => h('input', { type: 'checkbox', value: step, id: `step-${step}` }));
  const subject = h('input', { type: 'text', autocomplete: 'off', placeholder: 'e.g. asg.p@nato.int' });
  return h('form', { class: 'card dev', onsubmit: async event => {
    event.preventDefault();
    try {
      const answer = await api('dev/tokens', { method: 'POST', body: {
        roles: [role.value],
        partner: partner.value || null,
        steps: steps.filter(s => s.checked).map(s => s.value),
        sub: subject.value.trim() || null,
        name: null,
      } });
      signIn(answer.body.token);
      window.dispatchEvent(new Event('triage:signed-in'));
    } catch (error) {
      show(message, problemView(error, 'The development sign-in'));
    }
  } },
  h('h2', {}, 'Development sign-in ', h('span', { class: 'badge warn' }, 'development only')),
  h('p', { class: 'muted' }, 'This self-host signs with its development key and mints a token for whoever you choose. Production servers have no such route.'),
  field('Role', role),
  field('Partner (for the partner role)', partner),
  h('fieldset', {}, h('legend', {}, 'Approval steps (for the approver role)'),
    steps.map(box => h('label', { class: 'check', for: box.id }, box, ` ${box.value}`))),
  field('Subject (who you are; optional)', subject),
  h('button', { type: 'submit' }, 'Mint a development token and sign in'));
}
