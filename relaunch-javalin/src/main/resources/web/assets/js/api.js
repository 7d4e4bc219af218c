// fetch wrapper for the relaunch JSON API.
//  - success bodies are {"data": …} (health is the one top-level exception: use envelope:false)
//  - errors are {"error": {"code", "message"}} and surface as ApiError
//  - a bearer token from sessionStorage is sent when present; a 401 token_required/token_invalid
//    shows the token form (once, shared by concurrent requests) and retries.
import { byId } from './dom.js';

export const TOKEN_KEY = 'relaunch.token';
/** Where the UI and the API live ({base}/, e.g. /relaunch/): two folders above this module ({base}/assets/js/). */
export const BASE = new URL('../../', import.meta.url);
const TOKEN_CODES = new Set(['token_required', 'token_invalid']);
const MAX_TOKEN_PROMPTS = 3;

export class ApiError extends Error {
  /**
   * status 0 means the server did not answer (network error or timeout). field and problem: what a refused value
   * was wrong with, when the server says it apart from the message (invalid_setting: the key, and why a restart
   * would refuse its value).
   */
  constructor(status, code, message, { field = null, problem = null } = {}) {
    super(message || code || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.problem = problem;
  }

  get isNetwork() {
    return this.status === 0;
  }
}

/**
 * Calls the API (a path relative to the base, e.g. 'api/v1/info') and returns the `data` member (or the whole body with envelope:false).
 * Options: method, body (sent as JSON), headers, envelope (default true),
 * retryOnNetworkError (retry once after a short pause: a connection reset during a handoff is normal),
 * timeoutMs (default 10000).
 */
export async function api(path, options = {}) {
  const { retryOnNetworkError = false } = options;
  for (let prompts = 0; ; ) {
    let response;
    try {
      response = await send(path, options);
    } catch (err) {
      if (!retryOnNetworkError) throw err;
      await sleep(150);
      response = await send(path, options);
    }
    const body = await readJson(response);
    if (response.ok) {
      if (options.envelope === false) return body;
      if (body && typeof body === 'object' && 'data' in body) return body.data;
      throw new ApiError(response.status, 'bad_response', 'The server sent an unexpected answer.');
    }
    const error = (body && body.error) || {};
    if (response.status === 401 && TOKEN_CODES.has(error.code) && prompts < MAX_TOKEN_PROMPTS) {
      prompts++;
      const hadToken = Boolean(getToken());
      if (error.code === 'token_invalid' || hadToken) setToken(null);
      const token = await askForToken(error.code === 'token_invalid' || hadToken);
      if (!token) throw new ApiError(401, error.code, 'A restart token is required.');
      setToken(token);
      continue;
    }
    throw new ApiError(response.status, error.code || `http_${response.status}`,
      error.message || `The server answered ${response.status} ${response.statusText}.`.trim(),
      { field: error.field, problem: error.problem });
  }
}

async function send(path, { method = 'GET', body, headers = {}, timeoutMs = 10000 }) {
  const allHeaders = { Accept: 'application/json', ...headers };
  const token = getToken();
  if (token) allHeaders.Authorization = `Bearer ${token}`;
  const init = { method, headers: allHeaders, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    allHeaders['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  init.signal = controller.signal;
  try {
    return await fetch(new URL(path.replace(/^\/+/, ''), BASE), init);
  } catch (err) {
    throw new ApiError(0, 'network', controller.signal.aborted
      ? 'The server did not answer in time.'
      : 'The server did not answer.');
  } finally {
    clearTimeout(timer);
  }
}

async function readJson(response) {
  const text = await response.text().catch(() => '');
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function getToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function setToken(token) {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage disabled: the token lives only for this request.
  }
}

let pendingPrompt = null;

/** Shows the token form once for all requests waiting on it; resolves to the token or null. */
function askForToken(rejected) {
  if (!pendingPrompt) {
    pendingPrompt = promptToken(rejected).finally(() => {
      pendingPrompt = null;
    });
  }
  return pendingPrompt;
}

function promptToken(rejected) {
  const dialog = byId('token-dialog');
  const form = byId('token-form');
  const input = byId('token-input');
  const cancel = byId('token-cancel');
  byId('token-error').hidden = !rejected;
  input.value = '';
  const returnFocus = document.activeElement;
  return new Promise((resolve) => {
    const finish = (value) => {
      form.removeEventListener('submit', onSubmit);
      cancel.removeEventListener('click', onCancel);
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      if (returnFocus && typeof returnFocus.focus === 'function') returnFocus.focus();
      resolve(value);
    };
    const onSubmit = (event) => {
      event.preventDefault();
      const value = input.value.trim();
      if (value) finish(value);
    };
    const onCancel = (event) => {
      event.preventDefault();
      finish(null);
    };
    form.addEventListener('submit', onSubmit);
    cancel.addEventListener('click', onCancel);
    dialog.addEventListener('cancel', onCancel);
    dialog.showModal();
    input.focus();
  });
}
