import type { ReactNode } from 'react';

/**
 * A wide table scrolls sideways inside its own box on a phone instead of widening the page; the box
 * takes keyboard focus so it can be scrolled without a mouse (WCAG 2.1.1), named by `label`.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="pp-table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
