import { Link } from 'react-router';
import { useT } from '../i18n/i18n';

/** NHS.UK back link: https://service-manual.nhs.uk/design-system/components/back-link */
export function BackLink({ to, children }: { to: string; children?: string }) {
  const { t } = useT();
  return (
    <Link className="nhsuk-back-link" to={to}>
      {children ?? t('common.back')}
    </Link>
  );
}
