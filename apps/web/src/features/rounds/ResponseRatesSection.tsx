import { useT } from '../../i18n/i18n';
import { Button, Table } from '../../ui';
import { type Round, useRemind, useResponseRates } from './rounds-api';

/** Respondents per invited organisation, read again every few seconds while the round is open, with the leads' "remind" button. */
export function ResponseRatesSection({ round, canManage }: { round: Round; canManage: boolean }) {
  const { t, language } = useT();
  const live = round.status === 'open';
  const rates = useResponseRates(round.id, live);
  const remind = useRemind(round.id);
  const percent = new Intl.NumberFormat(language === 'cy' ? 'cy-GB' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 });
  const data = rates.data;
  return (
    <section aria-labelledby="rates-heading" className="nhsuk-u-margin-bottom-7">
      <h2 id="rates-heading">{t('round.rates.title')}</h2>
      {!data ? (
        <p role="status">{rates.isError ? t('round.rates.failed') : t('common.loading')}</p>
      ) : (
        <>
          <p data-testid="rates-overall">
            {t('round.rates.overall', { respondents: data.respondents, expected: data.expectedRespondents, rate: percent.format(data.rate), responded: data.organisationsResponded, invited: data.organisationsInvited })}
          </p>
          {live && <p className="nhsuk-body-s">{t('round.rates.live')}</p>}
          <Table
            caption={t('round.rates.caption')}
            head={[t('round.rates.organisation'), t('round.rates.respondents'), t('round.rates.expected'), t('round.rates.rate')]}
            rows={data.organisations.map((o) => [`${o.name} (${o.code})`, o.respondents, o.expectedRespondents, percent.format(o.rate)])}
          />
        </>
      )}
      {canManage && live && (
        <>
          <p>{t('round.remind.intro')}</p>
          <Button type="button" variant="secondary" disabled={remind.isPending} onClick={() => remind.mutate()}>
            {t('round.remind.submit')}
          </Button>
          <div role="status">
            {remind.data && <p>{remind.data.organisationIds.length ? t('round.remind.sent', { count: remind.data.organisationIds.length }) : t('round.remind.none')}</p>}
            {remind.error && <p className="nhsuk-error-message">{remind.error.message}</p>}
          </div>
        </>
      )}
    </section>
  );
}
