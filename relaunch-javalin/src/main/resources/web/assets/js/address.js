// Where the server answers: the one place in the page that knows how a HOST value becomes the host of a URL.
import { api } from './api.js';

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

/**
 * The host part of a URL for a HOST value: a wildcard (0.0.0.0, ::) listens everywhere, so {@code wildcardAs}
 * (the host this page uses, or loopback) reaches it; an IPv6 address goes in brackets.
 */
export function urlHost(host, wildcardAs = '127.0.0.1') {
  const name = String(host ?? '').trim();
  return !name || WILDCARDS.has(name) ? wildcardAs : bracketed(name);
}

/** The address a server binds, as written in a URL: "127.0.0.1:5050", "[::1]:5050", "0.0.0.0:5050". */
export function hostPort(host, port) {
  return `${bracketed(String(host ?? '').trim())}:${port}`;
}

function bracketed(name) {
  return name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
}

/**
 * Where the server will answer after the next restart when .env moves it (PORT, HOST), so the page can follow it;
 * null when it stays here or cannot be known (PORT=0, an unreadable list).
 */
export async function addressAfterRestart() {
  let env;
  try {
    env = await api('api/v1/settings/env');
  } catch {
    return null;
  }
  const pending = (key) => (env.entries || []).find((e) => e.key === key && e.pending && !e.removed && e.file_value != null);
  const port = pending('PORT');
  const host = pending('HOST');
  if (!port && !host) return null;
  const url = new URL(location.href);
  if (port) {
    const p = port.file_value.trim();
    if (!/^[0-9]{1,5}$/.test(p) || Number(p) === 0 || Number(p) > 65535) return null;
    url.port = p;
  }
  if (host) url.hostname = urlHost(host.file_value, url.hostname);
  return url.href === location.href ? null : url.href;
}
