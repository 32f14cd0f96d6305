import { Link, useParams } from 'react-router';
import { useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { Table } from '../../ui';
import { formatDateTime } from '../pulse/format';
import { CreateRoundForm } from './CreateRoundForm';
import { ScheduleSection } from './ScheduleSection';
import { RoundStatusTag } from './status';
import { useCanManageRounds, useFootprint, useRounds } from './rounds-api';

/** `/footprints/:footprintId/rounds`: the footprint's rounds, its quarterly schedule, and (for its leads) a new round. */
export function RoundsPage() {
  const { footprintId = '' } = useParams();
  const { t, language } = useT();
  const footprint = useFootprint(footprintId);
  const rounds = useRounds(footprintId);
  const canManage = useCanManageRounds(footprintId);
  const title = footprint.data ? t('rounds.title', { footprint: footprint.data.name }) : t('rounds.titlePlain');
  usePageTitle(title);

  if (footprint.isError || rounds.isError) {
    return (
      <>
        <h1>{t('rounds.titlePlain')}</h1>
        <p>{t('rounds.notFound')}</p>
      </>
    );
  }
  return (
    <>
      <h1>{title}</h1>
      {rounds.isLoading ? (
        <p role="status">{t('common.loading')}</p>
      ) : rounds.data?.length ? (
        <Table
          caption={t('rounds.list.caption')}
          head={[t('rounds.list.period'), t('rounds.list.status'), t('rounds.list.opens'), t('rounds.list.closes'), t('rounds.list.scheduled')]}
          rows={rounds.data.map((round) => [
            <Link to={`/rounds/${round.id}`}>{round.period}</Link>,
            <RoundStatusTag status={round.status} />,
            formatDateTime(round.opensAt, language),
            formatDateTime(round.closesAt, language),
            round.scheduled ? t('rounds.list.bySchedule') : t('rounds.list.byHand'),
          ])}
        />
      ) : (
        <p>{t('rounds.list.none')}</p>
      )}
      <ScheduleSection footprintId={footprintId} canManage={canManage} />
      {canManage && <CreateRoundForm footprintId={footprintId} />}
    </>
  );
}
