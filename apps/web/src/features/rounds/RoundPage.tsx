import { useState } from 'react';
import { useParams } from 'react-router';
import { useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { BackLink, Button, ErrorMessage, SummaryList, WarningCallout } from '../../ui';
import { formatDateTime } from '../pulse/format';
import { BoardReportSection } from './BoardReportSection';
import { LinksSection } from './LinksSection';
import { ResponseRatesSection } from './ResponseRatesSection';
import { useCanManageRounds, useRound, useRoundTransition } from './rounds-api';
import { RoundStatusTag } from './status';
import { UploadSection } from './UploadSection';

/**
 * `/rounds/:id` (emails link here): a round's dates and status, opening and closing it, its live
 * response rates with reminders, respondent links and offline uploads, and once scored its board report. Only the footprint's leads
 * (and platform admins) see the buttons that change anything; the API refuses everyone else anyway.
 */
export function RoundPage() {
  const { id = '' } = useParams();
  const { t, language } = useT();
  const round = useRound(id);
  const canManage = useCanManageRounds(round.data?.footprintId);
  const transition = useRoundTransition(id);
  // Closing cannot be undone (links stop working, scoring starts): the lead confirms it first.
  const [confirmingClose, setConfirmingClose] = useState(false);
  usePageTitle(round.data ? t('round.title', { period: round.data.period }) : t('round.titlePlain'));

  if (round.isLoading) return <p role="status">{t('common.loading')}</p>;
  if (!round.data) {
    return (
      <>
        <h1>{t('round.titlePlain')}</h1>
        <p>{t('round.notFound')}</p>
      </>
    );
  }
  const current = round.data;
  const when = (iso: string | null) => (iso ? formatDateTime(iso, language) : t('round.notYet'));
  return (
    <>
      <BackLink to={`/footprints/${current.footprintId}/rounds`}>{t('round.back')}</BackLink>
      <h1>
        {t('round.title', { period: current.period })} <RoundStatusTag status={current.status} />
      </h1>
      <SummaryList
        rows={[
          { key: t('round.opensAt'), value: formatDateTime(current.opensAt, language) },
          { key: t('round.closesAt'), value: formatDateTime(current.closesAt, language) },
          { key: t('round.openedAt'), value: when(current.openedAt) },
          { key: t('round.closedAt'), value: when(current.closedAt) },
          { key: t('round.scoredAt'), value: when(current.scoredAt) },
        ]}
      />
      {canManage && (current.status === 'draft' || current.status === 'open') && (
        <div className="nhsuk-form-group">
          {transition.error && <ErrorMessage id="round-transition-error">{transition.error.message}</ErrorMessage>}
          {current.status === 'draft' ? (
            <>
              <p>{t('round.openIntro')}</p>
              <Button type="button" disabled={transition.isPending} aria-describedby={transition.error ? 'round-transition-error' : undefined} onClick={() => transition.mutate('open')}>
                {t('round.open')}
              </Button>
            </>
          ) : (
            <>
              <p>{t('round.closeIntro')}</p>
              {confirmingClose ? (
                <WarningCallout heading={t('round.closeConfirmHeading')}>
                  <p>{t('round.closeConfirm')}</p>
                  <div className="nhsuk-button-group">
                    <Button type="button" variant="warning" disabled={transition.isPending} aria-describedby={transition.error ? 'round-transition-error' : undefined} onClick={() => transition.mutate('close')}>
                      {t('round.closeConfirmYes')}
                    </Button>
                    <Button type="button" variant="secondary" disabled={transition.isPending} onClick={() => setConfirmingClose(false)}>
                      {t('round.closeConfirmCancel')}
                    </Button>
                  </div>
                </WarningCallout>
              ) : (
                <Button type="button" variant="warning" onClick={() => setConfirmingClose(true)}>
                  {t('round.close')}
                </Button>
              )}
            </>
          )}
        </div>
      )}
      {current.status === 'scored' && <BoardReportSection round={current} />}
      {current.status === 'draft' ? <p>{t('round.draftNoRates')}</p> : <ResponseRatesSection round={current} canManage={canManage} />}
      {canManage && current.status === 'open' && (
        <>
          <LinksSection round={current} />
          <UploadSection round={current} />
        </>
      )}
    </>
  );
}
