import type { ReactNode } from 'react';
import { Link, useInRouterContext } from './router.tsx';

/** A link inside the app; a plain one where a piece is shown without the router (the sync indicator in its own tests). */
export function AppLink({ to, className, children }: { to: string; className?: string; children: ReactNode }) {
  const inRouter = useInRouterContext();
  return inRouter ? (
    <Link to={to} className={className}>
      {children}
    </Link>
  ) : (
    <a href={to} className={className}>
      {children}
    </a>
  );
}
