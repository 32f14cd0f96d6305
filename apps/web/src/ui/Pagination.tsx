import { Link, type To } from 'react-router';
import { useT } from '../i18n/i18n';

const ARROWS = {
  previous: 'M10.7 6.3c.4.4.4 1 0 1.4L7.4 11H19a1 1 0 0 1 0 2H7.4l3.3 3.3c.4.4.4 1 0 1.4a1 1 0 0 1-1.4 0l-5-5A1 1 0 0 1 4 12c0-.3.1-.5.3-.7l5-5a1 1 0 0 1 1.4 0Z',
  next: 'm14.7 6.3 5 5c.2.2.3.4.3.7 0 .3-.1.5-.3.7l-5 5a1 1 0 0 1-1.4-1.4l3.3-3.3H5a1 1 0 0 1 0-2h11.6l-3.3-3.3a1 1 0 1 1 1.4-1.4Z',
} as const;

/** Where a pagination link goes: the address, the history state to carry, and the page's name (e.g. "Page 2 of 5"). */
export interface PageLink {
  to: To;
  state?: unknown;
  label: string;
}

/**
 * NHS.UK pagination with previous and next only (https://service-manual.nhs.uk/design-system/components/pagination):
 * a cursor-paged list has no page numbers to jump to.
 */
export function Pagination({ label, previous, next }: { label: string; previous?: PageLink; next?: PageLink }) {
  const { t } = useT();
  const item = (direction: 'previous' | 'next', page: PageLink) => (
    <li className={`nhsuk-pagination-item--${direction}`}>
      <Link className={`nhsuk-pagination__link nhsuk-pagination__link--${direction === 'previous' ? 'prev' : 'next'}`} to={page.to} state={page.state} rel={direction === 'previous' ? 'prev' : 'next'}>
        <span className="nhsuk-pagination__title">{t(direction === 'previous' ? 'common.previousPage' : 'common.nextPage')}</span>
        <span className="nhsuk-u-visually-hidden">:</span>
        <span className="nhsuk-pagination__page">{page.label}</span>
        <svg className={`nhsuk-icon nhsuk-icon--arrow-${direction === 'previous' ? 'left' : 'right'}`} xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true">
          <path d={ARROWS[direction]} />
        </svg>
      </Link>
    </li>
  );
  return (
    <nav className="nhsuk-pagination" role="navigation" aria-label={label}>
      <ul className="nhsuk-list nhsuk-pagination__list">
        {previous && item('previous', previous)}
        {next && item('next', next)}
      </ul>
    </nav>
  );
}
