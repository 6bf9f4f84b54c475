// The app's routing on the History API, in the part of react-router's API the
// app used. react-router was 13 KB (gzip) of the counter's first download
// (issue 12): <Routes> brought its data routers, loaders and error boundaries.
import { Children, createContext, isValidElement, useCallback, useContext, useEffect, useMemo, useState, type MouseEvent, type ReactNode } from 'react';

interface Place {
  pathname: string;
  search: string;
}

interface Router {
  place: Place;
  /** `to` is resolved already: a path from the root, with its query. */
  go: (to: string, replace: boolean) => void;
}

const RouterContext = createContext<Router | null>(null);

/** What the routes around a piece matched: the base its relative paths start from, and what its <Outlet> shows. */
const MatchContext = createContext<{ base: string; outlet: ReactNode }>({ base: '/', outlet: null });

function placeOf(path: string): Place {
  const u = new URL(path, 'http://app.invalid');
  return { pathname: u.pathname, search: u.search };
}

/** `to` from the root, or relative to `base` as react-router resolved it ("perangkat" under /admin is /admin/perangkat). */
function resolve(to: string, base: string): string {
  const u = new URL(to, `http://app.invalid${base.endsWith('/') ? base : `${base}/`}`);
  return u.pathname + u.search;
}

function RouterProvider({ place, go, children }: Router & { children: ReactNode }) {
  const router = useMemo(() => ({ place, go }), [place, go]);
  return <RouterContext.Provider value={router}>{children}</RouterContext.Provider>;
}

export function BrowserRouter({ children }: { children: ReactNode }) {
  const [place, setPlace] = useState(() => placeOf(location.pathname + location.search));
  useEffect(() => {
    const onPop = () => setPlace(placeOf(location.pathname + location.search));
    globalThis.addEventListener('popstate', onPop);
    return () => globalThis.removeEventListener('popstate', onPop);
  }, []);
  const go = useCallback((to: string, replace: boolean) => {
    if (replace) history.replaceState(null, '', to);
    else history.pushState(null, '', to);
    setPlace(placeOf(to));
  }, []);
  return (
    <RouterProvider place={place} go={go}>
      {children}
    </RouterProvider>
  );
}

/** For tests: the app at `initialEntries[0]`, without touching the page's address. */
export function MemoryRouter({ initialEntries, children }: { initialEntries?: readonly string[]; children: ReactNode }) {
  const [place, setPlace] = useState(() => placeOf(initialEntries?.[0] ?? '/'));
  const go = useCallback((to: string) => setPlace(placeOf(to)), []);
  return (
    <RouterProvider place={place} go={go}>
      {children}
    </RouterProvider>
  );
}

function useRouter(): Router {
  const router = useContext(RouterContext);
  if (!router) throw new Error('used outside a router');
  return router;
}

/** The page's path now (without its query). */
export function usePathname(): string {
  return useContext(RouterContext)?.place.pathname ?? '/';
}

export function useInRouterContext(): boolean {
  return useContext(RouterContext) !== null;
}

export function useNavigate(): (to: string, opts?: { replace?: boolean }) => void {
  const { go } = useRouter();
  const { base } = useContext(MatchContext);
  return useCallback((to, opts) => go(resolve(to, base), opts?.replace ?? false), [go, base]);
}

export function useSearchParams(): [URLSearchParams, (next: Record<string, string>, opts?: { replace?: boolean }) => void] {
  const { place, go } = useRouter();
  const params = useMemo(() => new URLSearchParams(place.search), [place.search]);
  const { pathname } = place;
  const set = useCallback(
    (next: Record<string, string>, opts?: { replace?: boolean }) => {
      const query = new URLSearchParams(next).toString();
      go(query === '' ? pathname : `${pathname}?${query}`, opts?.replace ?? false);
    },
    [go, pathname],
  );
  return [params, set];
}

interface LinkProps {
  to: string;
  className?: string;
  children: ReactNode;
}

/** A plain click moves inside the app; with a modifier key or another button the browser does what it does with links. */
function useLinkClick(href: string): (e: MouseEvent<HTMLAnchorElement>) => void {
  const { go } = useRouter();
  return (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.altKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    go(href, false);
  };
}

export function Link({ to, className, children }: LinkProps) {
  const href = resolve(to, useContext(MatchContext).base);
  const onClick = useLinkClick(href);
  return (
    <a href={href} className={className} onClick={onClick}>
      {children}
    </a>
  );
}

/** Marked `active` and aria-current="page" on its own page and, without `end`, on the pages under it. */
export function NavLink({ to, className, end, children }: LinkProps & { end?: boolean }) {
  const href = resolve(to, useContext(MatchContext).base);
  const onClick = useLinkClick(href);
  const target = placeOf(href).pathname.toLowerCase();
  const here = useRouter().place.pathname.toLowerCase();
  // As react-router: "/" without `end` is active everywhere, "/admin" on "/admin/x" but not on "/administrasi".
  const slashAt = target.endsWith('/') ? target.length - 1 : target.length;
  const active = here === target || (!end && here.startsWith(target) && here.charAt(slashAt) === '/');
  return (
    <a href={href} className={[className, active ? 'active' : null].filter(Boolean).join(' ') || undefined} aria-current={active ? 'page' : undefined} onClick={onClick}>
      {children}
    </a>
  );
}

export function Navigate({ to, replace }: { to: string; replace?: boolean }) {
  const navigate = useNavigate();
  useEffect(() => navigate(to, { replace: replace ?? false }), [navigate, to, replace]);
  return null;
}

export function Outlet() {
  return <>{useContext(MatchContext).outlet}</>;
}

interface RouteProps {
  /** From the root ("/penjualan") or relative to the routes around it ("perangkat"); a last "*" takes the rest. */
  path?: string;
  index?: boolean;
  element?: ReactNode;
  children?: ReactNode;
}

/** Describes a route to the <Routes> around it; renders nothing itself. */
export function Route(_props: RouteProps): null {
  return null;
}

interface Branch {
  /** The routes from the outermost to the one matched, each with the path it matched. */
  chain: { element: ReactNode; base: string[] }[];
  segments: string[];
  rest: boolean;
  rank: number;
}

const split = (path: string): string[] => path.split('/').filter((s) => s !== '');

function branches(children: ReactNode, parent: string[], chain: Branch['chain'], out: Branch[]): Branch[] {
  Children.forEach(children, (child) => {
    if (!isValidElement<RouteProps>(child)) return;
    const { path, index, element, children: inner } = child.props;
    const own = path === undefined ? parent : path.startsWith('/') ? split(path) : [...parent, ...split(path)];
    const rest = own.at(-1) === '*';
    const segments = rest ? own.slice(0, -1) : own;
    const here = [...chain, { element: element ?? <Outlet />, base: segments }];
    const hasInner = Children.count(inner) > 0;
    if (hasInner) branches(inner, segments, here, out);
    // A route that only groups others (no path, a layout) is not a page of its own.
    if (!hasInner || path !== undefined) out.push({ chain: here, segments, rest, rank: segments.length * 10 + (index ? 2 : 0) - (rest ? 2 : 0) });
  });
  return out;
}

/**
 * The most specific route that matches wins, whatever the order they are
 * written in (as react-router ranks them): "/admin/*" before a "*" that
 * catches everything else; paths compare without case, as there.
 */
export function Routes({ children }: { children: ReactNode }) {
  const { place } = useRouter();
  const { base } = useContext(MatchContext);
  const here = split(place.pathname.toLowerCase());
  const found = branches(children, split(base), [], [])
    .map((b, order) => ({ b, order }))
    .sort((x, y) => y.b.rank - x.b.rank || x.order - y.order)
    .find(({ b }) => (b.rest ? here.length >= b.segments.length : here.length === b.segments.length) && b.segments.every((s, i) => s.toLowerCase() === here[i]));
  if (!found) return null;
  let node: ReactNode = null;
  for (const level of [...found.b.chain].reverse()) {
    node = <MatchContext.Provider value={{ base: `/${level.base.join('/')}`, outlet: node }}>{level.element}</MatchContext.Provider>;
  }
  return node;
}
