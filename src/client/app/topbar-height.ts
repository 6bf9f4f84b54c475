import { useCallback, useRef } from 'react';

/**
 * Keeps `--topbar-h` on the root element equal to the top bar's height, so the
 * counter's cart can be sized to what is left of the window: with a long cart
 * on a 1280x800 tablet, "Bayar" stays on screen without the cashier first
 * scrolling the page (the bar is one to three strips high depending on width,
 * language and who is signed in, so no constant in CSS would do).
 */
export function useTopbarHeight(): (el: HTMLElement | null) => void {
  const observer = useRef<ResizeObserver | null>(null);
  return useCallback((el: HTMLElement | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const root = document.documentElement;
    const set = () => root.style.setProperty('--topbar-h', `${Math.ceil(el.getBoundingClientRect().height)}px`);
    set();
    observer.current = new ResizeObserver(set);
    observer.current.observe(el);
  }, []);
}
