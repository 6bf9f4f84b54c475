// A list that renders only the rows in view (plus a few), so a thousand
// search results cost the DOM no more than twenty. Fixed row height keeps
// the arithmetic exact and scrolling smooth on tablets.
import { useEffect, useRef, useState, type ReactNode } from 'react';

interface Props {
  id: string;
  label: string;
  count: number;
  rowHeight: number;
  /** Viewport height in px. */
  height: number;
  activeIndex: number;
  renderRow: (index: number) => ReactNode;
}

const OVERSCAN = 6;

export function VirtualList({ id, label, count, rowHeight, height, activeIndex, renderRow }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);

  // Keep the keyboard's active row in view (aria-activedescendant must point at a rendered row).
  useEffect(() => {
    const el = ref.current;
    if (!el || count === 0) return;
    const top = activeIndex * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + height) el.scrollTop = top + rowHeight - height;
  }, [activeIndex, rowHeight, height, count]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN, Math.max(first, activeIndex + 1 + OVERSCAN));
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <div key={i} style={{ position: 'absolute', top: i * rowHeight, left: 0, right: 0, height: rowHeight }}>
        {renderRow(i)}
      </div>,
    );
  }
  return (
    <div
      ref={ref}
      id={id}
      role="listbox"
      aria-label={label}
      className="virtual-list"
      style={{ height, overflowY: 'auto', position: 'relative' }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <div style={{ height: count * rowHeight, position: 'relative' }}>{rows}</div>
    </div>
  );
}
