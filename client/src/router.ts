import { useEffect, useState } from 'preact/hooks';

/** Hash routes (`#/demandes?id=…`): the server serves one page, links and the back button still work. */
export function useRoute(): { path: string; params: URLSearchParams } {
  const read = () => {
    const [path = '', search = ''] = location.hash.replace(/^#/, '').split('?');
    return { path: path || '/', params: new URLSearchParams(search) };
  };
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const update = () => setRoute(read());
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

export function navigate(path: string, params?: Record<string, string | undefined>): void {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) if (value !== undefined) search.set(key, value);
  const text = search.toString();
  location.hash = text ? `${path}?${text}` : path;
}

/**
 * Replaces the address without a new history entry nor a hashchange: a one-time link's token leaves the
 * address bar (and the history) as soon as the page has read it.
 */
export function replaceRoute(path: string): void {
  history.replaceState(history.state, '', `${location.pathname}${location.search}#${path}`);
}
