// Small helpers for building the page: elements from data (text is never parsed as HTML), money in
// euros, and times in the viewer's zone with UTC on hover.

/** An element: h('a', { href: '#/x', class: 'y' }, 'text', child, [children]). Attributes named
 *  on* take a function (an event listener); null and false attributes and children are left out. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

/** Adds to what an element shows, leaving out null and false as h() does. */
export function add(element, ...children) {
  append(element, children);
  return element;
}

/** Replaces what an element shows. */
export function show(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

const euros = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
const local = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Whole euros with the viewer's thousands separators, e.g. €9,407,327. */
export function money(amount) {
  return amount === null || amount === undefined ? '—' : euros.format(amount);
}

/** A <time> in the viewer's time zone; the title (shown on hover) gives it in UTC. */
export function time(iso) {
  if (!iso) return '—';
  const at = new Date(iso);
  return h('time', { datetime: at.toISOString(), title: utc(at) }, local.format(at));
}

export function utc(at) {
  return at.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** How long ago, in the largest whole unit: "3 d", "5 h", "12 min", "now". */
export function age(iso, now = Date.now()) {
  const minutes = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60000));
  if (minutes >= 2 * 1440) return `${Math.floor(minutes / 1440)} d`;
  if (minutes >= 120) return `${Math.floor(minutes / 60)} h`;
  return minutes < 1 ? 'now' : `${minutes} min`;
}

/** A table with a caption, column headings and one row per item. Each column is
 *  [heading, item => cell content, optional class]. */
export function table(caption, columns, items, rowClass = () => null) {
  return h('div', { class: 'scroll' },
    h('table', {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, columns.map(([heading, , cls]) => h('th', { scope: 'col', class: cls }, heading)))),
      h('tbody', {}, items.length === 0
        ? h('tr', {}, h('td', { colspan: columns.length, class: 'muted' }, 'None.'))
        : items.map(item => h('tr', { class: rowClass(item) }, columns.map(([, cell, cls]) => h('td', { class: cls }, cell(item))))))));
}

/** A labelled form field; the control gets an id so the label points at it. */
let fieldCount = 0;
export function field(label, control, hint) {
  const id = control.id || `f${++fieldCount}`;
  control.id = id;
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('small', { id: hintId, class: 'muted' }, hint) : null);
}

/** A link to a request's detail view. */
export function requestLink(id) {
  return h('a', { href: `#/requests/${encodeURIComponent(id)}` }, id);
}

/** A status word as a badge. */
export function badge(text, kind = '') {
  return h('span', { class: `badge ${kind}`.trim() }, text);
}
