import { useEffect } from 'react';
import { useT } from '../i18n/i18n';

/** Each page names itself in the document title (WCAG 2.4.2), followed by the service's name. */
export function usePageTitle(title: string): void {
  const { t } = useT();
  const service = t('service.name');
  useEffect(() => {
    document.title = title === service ? service : `${title} – ${service}`;
  }, [title, service]);
}
