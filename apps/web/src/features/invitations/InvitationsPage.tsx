import { Link } from 'react-router';
import { type MessageKey, useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { Table } from '../../ui';
import { formatDateTime } from '../pulse/format';
import { type Invitation, useMyInvitations } from './use-invitations';

const STATUS: Record<Invitation['round']['status'], MessageKey> = {
  draft: 'invitations.status.draft',
  open: 'invitations.status.open',
  closed: 'invitations.status.closed',
  scored: 'invitations.status.scored',
};
const STATUS_TAG: Record<Invitation['round']['status'], string> = { draft: 'nhsuk-tag--grey', open: 'nhsuk-tag--green', closed: 'nhsuk-tag--white', scored: 'nhsuk-tag--blue' };

/** `/invitations`: the rounds your organisation is invited to, with the open ones to answer. */
export function InvitationsPage() {
  const { t, language } = useT();
  usePageTitle(t('invitations.title'));
  const { invitations, organisations, isLoading, failed } = useMyInvitations();
  return (
    <>
      <h1>{t('invitations.title')}</h1>
      {isLoading ? (
        <p role="status">{t('common.loading')}</p>
      ) : failed ? (
        <p className="nhsuk-error-message">{t('invitations.failed')}</p>
      ) : organisations === 0 ? (
        <p>{t('invitations.noOrganisation')}</p>
      ) : invitations.length === 0 ? (
        <p>{t('invitations.none')}</p>
      ) : (
        <>
          <p>{t('invitations.lead')}</p>
          <Table
            caption={t('invitations.caption')}
            head={[t('invitations.round'), t('invitations.organisation'), t('invitations.status'), t('invitations.closes'), t('invitations.action')]}
            rows={invitations.map((invitation) => [
              invitation.round.period,
              invitation.organisationName,
              <strong className={`nhsuk-tag ${STATUS_TAG[invitation.round.status]}`}>{t(STATUS[invitation.round.status])}</strong>,
              formatDateTime(invitation.round.closesAt, language),
              invitation.round.status === 'open' ? (
                <Link to={`/invitations/${invitation.id}`}>
                  {t('invitations.answer')}
                  <span className="nhsuk-u-visually-hidden"> {t('invitations.answerHidden', { period: invitation.round.period, organisation: invitation.organisationName })}</span>
                </Link>
              ) : (
                ''
              ),
            ])}
          />
        </>
      )}
    </>
  );
}
