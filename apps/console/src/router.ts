import { useEffect, useState } from 'react';

/** A router of four screens is a few lines: paths under /console, the browser's history, no library. */
export const BASE = '/console';

export interface Route {
  screen: 'funds' | 'hospitals' | 'hospital-year' | 'audit';
  params: string[];
  query: URLSearchParams;
}

export function parseRoute(pathname: string, search: string): Route {
  const parts = pathname.replace(/^\/console\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const query = new URLSearchParams(search);
  if (parts[0] === 'hospitals' && parts.length === 4) return { screen: 'hospital-year', params: parts.slice(1), query };
  if (parts[0] === 'hospitals') return { screen: 'hospitals', params: [], query };
  if (parts[0] === 'audit') return { screen: 'audit', params: [], query };
  return { screen: 'funds', params: [], query };
}

const listeners = new Set<() => void>();

export function navigate(path: string): void {
  window.history.pushState(null, '', `${BASE}${path}`);
  for (const listener of listeners) listener();
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.pathname, window.location.search));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.pathname, window.location.search));
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}

/** Replaces query parameters of the current screen (fund, year, paging) without a new history entry. */
export function setQuery(changes: Record<string, string | undefined>): void {
  const query = new URLSearchParams(window.location.search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') query.delete(key);
    else query.set(key, value);
  }
  const text = query.toString();
  window.history.replaceState(null, '', `${window.location.pathname}${text ? `?${text}` : ''}`);
  for (const listener of listeners) listener();
}
