import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { BackLink, ErrorSummary } from '../../ui';
import type { Action } from '../../auth/access';
import { useCan } from '../../auth/use-account';
import type { FormProblems } from '../../api/problem';

/**
 * The frame of every administration page: a back link, the NHS.UK error summary over the heading
 * (the title starts "Error:" while there are problems, WCAG 3.3.1), and the page only for accounts
 * the policy lets perform `action`; others are told they cannot use it (the API refuses them too).
 */
export function AdminPage({ action, title, problems = {}, back = '/admin', children }: { action: Action; title: string; problems?: FormProblems; back?: string; children: ReactNode }) {
  const { t } = useT();
  const { can, isLoading } = useCan();
  const allowed = can(action);
  const hasProblems = Object.keys(problems).length > 0;
  usePageTitle(isLoading ? t('common.loading') : !allowed ? t('admin.refused.title') : hasProblems ? `${t('common.errorPrefix')} ${title}` : title);
  if (isLoading) return <p role="status">{t('common.loading')}</p>;
  if (!allowed) {
    return (
      <>
        <h1>{t('admin.refused.title')}</h1>
        <p>{t('admin.refused.body')}</p>
        <p>
          <Link to="/admin">{t('admin.refused.back')}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <BackLink to={back} />
      <ErrorSummary errors={Object.entries(problems).map(([field, message]) => ({ field, message }))} />
      <h1>{title}</h1>
      {children}
    </>
  );
}
