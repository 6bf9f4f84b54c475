// The app's routing (shared/services/router.tsx): which page a path opens,
// whatever order the routes are written in, and which link says it is the
// current page.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Link, MemoryRouter, Navigate, NavLink, Outlet, Route, Routes, useSearchParams } from '../../src/client/shared/services/router.tsx';

function Admin() {
  return (
    <Routes>
      <Route element={<Outlet />}>
        <Route index element={<Navigate to="perangkat" replace />} />
        <Route path="perangkat" element={<h1>Perangkat</h1>} />
        <Route path="*" element={<h1>Bagian tidak dikenal</h1>} />
      </Route>
    </Routes>
  );
}

function Query() {
  const [params] = useSearchParams();
  return <h1>Struk {params.get('struk')}</h1>;
}

function App() {
  return (
    <>
      <nav aria-label="Navigasi">
        <NavLink to="/" end>
          Kasir
        </NavLink>
        <NavLink to="/admin">Admin</NavLink>
        <Link to="/penjualan?struk=AB12-000123">Cari struk</Link>
      </nav>
      <Routes>
        {/* The catch-all first: the more specific routes still win, as with react-router. */}
        <Route element={<Outlet />}>
          <Route path="*" element={<h1>Kasir</h1>} />
          <Route path="/" element={<h1>Kasir</h1>} />
        </Route>
        <Route path="/penjualan" element={<Query />} />
        <Route path="/admin/*" element={<Admin />} />
      </Routes>
    </>
  );
}

const open = (path: string) =>
  render(
    <MemoryRouter initialEntries={[path]}>
      <App />
    </MemoryRouter>,
  );

describe('routing', () => {
  it('opens the most specific route, and the catch-all for a path no route names', async () => {
    open('/admin/perangkat');
    expect(await screen.findByRole('heading', { name: 'Perangkat' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Admin' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('link', { name: 'Kasir' })).not.toHaveAttribute('aria-current');
  });

  it('sends /admin to its first section, resolved under /admin', async () => {
    open('/admin');
    expect(await screen.findByRole('heading', { name: 'Perangkat' })).toBeInTheDocument();
  });

  it('shows the nested catch-all for an unknown section, and the outer one elsewhere', async () => {
    open('/admin/tidak-ada');
    expect(await screen.findByRole('heading', { name: 'Bagian tidak dikenal' })).toBeInTheDocument();
  });

  it('moves on a link click, with the query, and marks only the page it is on', async () => {
    const user = userEvent.setup();
    open('/tidak-ada');
    expect(screen.getByRole('heading', { name: 'Kasir' })).toBeInTheDocument();
    // "/" with `end` is the counter only, not every page under it.
    expect(screen.getByRole('link', { name: 'Kasir' })).not.toHaveAttribute('aria-current');
    await user.click(screen.getByRole('link', { name: 'Cari struk' }));
    expect(await screen.findByRole('heading', { name: 'Struk AB12-000123' })).toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Kasir' }));
    expect(await screen.findByRole('heading', { name: 'Kasir' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Kasir' })).toHaveAttribute('aria-current', 'page');
  });
});
