// The dashboard's shell: the navigation for the viewer's roles, and a router from the URL's hash
// (#/pipeline, #/requests/ID, …) to a view module, loaded when first shown. A view is a function
// (main, params) that fills main and may return a function that stops what it started (polling).
import { claims, signOut, token } from './api.js';
import { h, show } from './dom.js';

const Views = [
  { path: 'pipeline', label: 'Pipeline', roles: ['admin'], module: './pipeline.js' },
  { path: 'inbox', label: 'Inbox', roles: ['approver', 'admin'], module: './inbox.js' },
  { path: 'funds', label: 'Funds', roles: ['approver', 'admin'], module: './funds.js' },
  { path: 'demand', label: 'Demand vs funding', roles: ['admin'], module: './demand.js' },
  { path: 'quote', label: 'Quote', roles: ['admin'], module: './quote.js' },
  { path: 'reference', label: 'Reference data', roles: ['admin'], module: './reference.js' },
  { path: 'requests', label: null, roles: [], module: './request.js' },
  { path: 'signin', label: null, roles: [], module: './signin.js' },
];

const main = document.getElementById('main');
let stop = null;

function route() {
  const [path, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  const who = claims();
  if (!who || (who.expiresAt && who.expiresAt < new Date())) {
    if (token()) signOut();
    return { view: Views.find(v => v.path === 'signin'), params: [] };
  }

  const view = Views.find(v => v.path === path) ?? Views.find(v => v.label && v.roles.some(r => who.roles.includes(r)));
  return { view, params: rest.map(decodeURIComponent) };
}

async function render() {
  stop?.();
  stop = null;
  const { view, params } = route();
  renderNav(view);
  if (!view) {
    show(main, h('h1', {}, 'Nothing to show'),
      h('p', {}, 'This dashboard is for admins and approvers; your sign-in has neither role. Partners use the API directly.'));
    return;
  }

  // The API refuses these calls anyway (403); saying so before calling is clearer than a page of refusals.
  if (view.roles.length && !view.roles.some(r => claims().roles.includes(r))) {
    show(main, h('h1', {}, view.label),
      h('div', { class: 'problem', role: 'alert' }, h('strong', {}, 'Not for your sign-in. '),
        `The ${view.label} view is for the role ${view.roles.join(' or ')}; you are signed in as ${claims().roles.join(', ')}.`));
    return;
  }

  // Each view draws into a container of its own: a view still loading when the next one is shown (a
  // quick second navigation) then draws into a container no longer on the page, not over its successor.
  const target = h('div', {});
  show(main, target);
  const module = await import(view.module);
  if (!target.isConnected) return;
  const cleanup = await module.default(target, params);
  if (!target.isConnected) {
    if (typeof cleanup === 'function') cleanup();
    return;
  }

  stop = typeof cleanup === 'function' ? cleanup : null;
  document.title = `${main.querySelector('h1')?.textContent ?? 'Triage'} · Triage dashboard`;
}

function renderNav(current) {
  const who = claims();
  const items = who ? Views.filter(v => v.label && v.roles.some(r => who.roles.includes(r))) : [];
  show(document.getElementById('nav'), h('ul', {}, items.map(v =>
    h('li', {}, h('a', { href: `#/${v.path}`, 'aria-current': v === current ? 'page' : null }, v.label)))));
  show(document.getElementById('who'), who
    ? [h('span', { class: 'muted' }, `${who.name} · ${who.roles.join(', ')}${who.partner ? ` · ${who.partner}` : ''}${who.steps.length ? ` · ${who.steps.join(', ')}` : ''}`),
      h('button', { type: 'button', class: 'link', onclick: () => { signOut(); location.hash = '#/signin'; render(); } }, 'Sign out')]
    : []);
}

window.addEventListener('hashchange', async () => {
  await render();
  main.focus();
});
window.addEventListener('triage:signed-in', () => {
  location.hash = '#/';
  render();
});
render();
