import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useT } from '../../i18n/i18n';
import { Input } from '../../ui';
import { type FieldMessages, FormSection } from './FormSection';
import { isoFromLocal, localFromIso, quarterOf } from './form-input';
import { formProblems } from '../../api/problem';
import { useCreateRound } from './rounds-api';

const DAY = 24 * 3600_000;
const FIELDS = { period: 'round-period', opensAt: 'round-opens', closesAt: 'round-closes' } as const;

/** A lead creates a draft round for a quarter, then goes to its page to open it. */
export function CreateRoundForm({ footprintId }: { footprintId: string }) {
  const { t } = useT();
  const navigate = useNavigate();
  const create = useCreateRound(footprintId);
  const [period, setPeriod] = useState(() => quarterOf(new Date()));
  const [opensAt, setOpensAt] = useState(() => localFromIso(new Date().toISOString()));
  const [closesAt, setClosesAt] = useState(() => localFromIso(new Date(Date.now() + 21 * DAY).toISOString()));
  const [errors, setErrors] = useState<FieldMessages>({});

  const onSubmit = () => {
    const opens = isoFromLocal(opensAt);
    const closes = isoFromLocal(closesAt);
    const found: FieldMessages = {
      [FIELDS.period]: /^\d{4}-Q[1-4]$/.test(period.trim()) ? undefined : t('rounds.create.errorPeriod'),
      [FIELDS.opensAt]: opens ? undefined : t('rounds.create.errorOpens'),
      [FIELDS.closesAt]: !closes ? t('rounds.create.errorCloses') : opens && closes <= opens ? t('rounds.create.errorClosesBefore') : undefined,
    };
    setErrors(found);
    if (Object.values(found).some(Boolean) || !opens || !closes) return;
    create.mutate(
      { period: period.trim(), opensAt: opens, closesAt: closes },
      {
        onSuccess: (round) => void navigate(`/rounds/${round.id}`),
        onError: (error) => setErrors(formProblems(error, { fieldOf: FIELDS, fallback: FIELDS.period })),
      },
    );
  };

  return (
    <FormSection id="create-round" heading={t('rounds.create.title')} intro={<p>{t('rounds.create.intro')}</p>} fields={Object.values(FIELDS)} errors={errors} submit={t('rounds.create.submit')} busy={create.isPending} onSubmit={onSubmit}>
      <Input id={FIELDS.period} label={t('rounds.create.period')} hint={t('rounds.create.periodHint')} width="nhsuk-input--width-10" value={period} onChange={(e) => setPeriod(e.target.value)} error={errors[FIELDS.period]} />
      <Input id={FIELDS.opensAt} type="datetime-local" label={t('rounds.create.opensAt')} width="nhsuk-input--width-20" value={opensAt} onChange={(e) => setOpensAt(e.target.value)} error={errors[FIELDS.opensAt]} />
      <Input id={FIELDS.closesAt} type="datetime-local" label={t('rounds.create.closesAt')} width="nhsuk-input--width-20" value={closesAt} onChange={(e) => setClosesAt(e.target.value)} error={errors[FIELDS.closesAt]} />
    </FormSection>
  );
}
