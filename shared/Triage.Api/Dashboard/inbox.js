// The approver's inbox: the requests waiting at a step the viewer holds (an admin sees every pending
// step), oldest first (GET /api/inbox), each with its approve/reject form.
import { api, problemView } from './api.js';
import { age, badge, h, money, requestLink, show, time } from './dom.js';
import { decisionForm } from './decision.js';

export default async function view(main) {
  const list = h('div', {});
  show(main, h('h1', {}, 'Inbox'), h('p', { class: 'muted' }, 'Requests waiting for a decision you may take, oldest first.'), list);
  await load(list, null);
}

async function load(list, continuation) {
  try {
    const { body } = await api(`inbox?pageSize=50${continuation ? `&continuation=${encodeURIComponent(continuation)}` : ''}`);
    show(list,
      body.items.length === 0 ? h('p', { class: 'empty' }, 'Nothing waits for you.') : null,
      h('ul', { class: 'inbox' }, body.items.map(item => h('li', { class: `card${item.escalated ? ' escalated' : ''}`, 'data-request': item.id, 'data-step': item.step },
        h('h2', {}, requestLink(item.id), ' ', item.title),
        h('p', {}, `${item.partner} · step `, h('strong', {}, item.step), ' · ', money(item.estimateEur),
          ' · waiting ', h('span', { title: new Date(item.since).toISOString() }, age(item.since)),
          ' · deadline ', time(item.deadline),
          item.escalated ? [' ', badge('escalated', 'warn'), ' ', time(item.escalatedAt)] : null,
          item.asDeputy ? [' ', badge('as deputy', 'info')] : null),
        decisionForm(item.id, item.step)))),
      body.continuation ? h('button', { type: 'button', onclick: () => load(list, body.continuation) }, 'Next page') : null);
  } catch (error) {
    show(list, problemView(error, 'The inbox'));
  }
}
