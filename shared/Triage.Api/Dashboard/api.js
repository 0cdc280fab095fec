// Calls to the Triage API with the viewer's bearer token, and what to say when one fails. The token
// lives in sessionStorage (gone when the tab closes) and is never put in a URL.
import { h } from './dom.js';

const TokenKey = 'triage.token';

export function token() {
  return sessionStorage.getItem(TokenKey);
}

export function signIn(bearer) {
  const value = bearer.trim().replace(/^Bearer\s+/i, '');
  if (!decode(value)) throw new Error('That is not a JSON Web Token (three base64url parts separated by dots).');
  sessionStorage.setItem(TokenKey, value);
}

export function signOut() {
  sessionStorage.removeItem(TokenKey);
}

/** The token's claims as the page uses them (the API checks the token itself on every call). */
export function claims() {
  const payload = token() ? decode(token()) : null;
  if (!payload) return null;
  const list = value => (Array.isArray(value) ? value : value ? [value] : []);
  return {
    subject: payload.sub,
    name: payload.name ?? payload.preferred_username ?? payload.sub,
    roles: list(payload.roles),
    steps: list(payload.steps),
    partner: payload.partner ?? null,
    expiresAt: payload.exp ? new Date(payload.exp * 1000) : null,
  };
}

export function hasRole(role) {
  return claims()?.roles.includes(role) ?? false;
}

function decode(jwt) {
  const parts = jwt.split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), c => c.charCodeAt(0)));
    return JSON.parse(json);
  } catch {
    return null;
  }
}

/** A failed call: the HTTP status and the problem details the API answered with. */
export class ApiError extends Error {
  constructor(status, problem, path) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
    this.path = path;
  }

  /** The API has no such route (not deployed yet), as opposed to no such request. */
  get routeMissing() {
    return this.status === 404 && /^No API route is/.test(this.problem.detail ?? '');
  }
}

/** Calls the API: path under /api, JSON in and out. Answers { status, body, headers } or throws ApiError. */
export async function api(path, { method = 'GET', body, headers = {} } = {}) {
  const request = { method, headers: { Accept: 'application/json', ...headers } };
  if (token()) request.headers.Authorization = `Bearer ${token()}`;
  if (body !== undefined) {
    request.headers['Content-Type'] = 'application/json';
    request.body = JSON.stringify(body);
  }

  let response;
  try {
    response = await fetch(`/api/${path}`, request);
  } catch (error) {
    throw new ApiError(0, { title: 'The server did not answer.', detail: String(error.message ?? error) }, path);
  }

  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { title: text.slice(0, 200) };
  }

  if (!response.ok) throw new ApiError(response.status, parsed, path);
  return { status: response.status, body: parsed, headers: response.headers };
}

const Advice = {
  0: 'Check that the server is running.',
  400: 'Correct the fields named below and try again.',
  401: 'Your sign-in is missing or no longer valid: sign in again.',
  403: 'Your sign-in does not allow this: it needs another role or approval step.',
  404: 'It does not exist, or it is not yours to see.',
  409: 'It changed in the meantime (someone else acted first, or it is not in a state that allows this). Reload and check.',
  412: 'Someone changed it since you loaded it. Reload and try again.',
};

/** A message a person can act on, from an ApiError (or any error). */
export function problemView(error, what = 'This') {
  if (error instanceof ApiError && error.routeMissing) {
    return h('div', { class: 'problem unavailable', role: 'alert' },
      h('strong', {}, 'Not available. '),
      `${what} needs the API route /api/${error.path.split('?')[0]}, which this server does not serve yet.`);
  }

  if (!(error instanceof ApiError)) {
    return h('div', { class: 'problem', role: 'alert' }, h('strong', {}, 'Something went wrong. '), String(error.message ?? error));
  }

  const { title, detail, errors } = error.problem;
  return h('div', { class: 'problem', role: 'alert', 'data-status': error.status },
    h('strong', {}, `${error.status ? `${error.status} ` : ''}${title ?? 'Error'}`),
    detail ? h('p', {}, detail) : null,
    errors ? h('ul', {}, Object.entries(errors).map(([name, messages]) => h('li', {}, h('code', {}, name), ': ', messages.join(' ')))) : null,
    Advice[error.status] ? h('p', { class: 'advice' }, Advice[error.status]) : null);
}
