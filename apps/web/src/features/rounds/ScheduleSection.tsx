import { type ReactNode, useState } from 'react';
import { useT } from '../../i18n/i18n';
import { Button, Input, SummaryList } from '../../ui';
import { type FieldMessages, FormSection } from './FormSection';
import { formProblems } from '../../api/problem';
import { type RoundSchedule, useSaveSchedule, useSchedule, useStopSchedule } from './rounds-api';

const FIELDS = { openDay: 'schedule-open-day', durationDays: 'schedule-duration' } as const;

function whole(value: string, min: number, max: number): number | null {
  const n = Number(value);
  return /^\d+$/.test(value.trim()) && n >= min && n <= max ? n : null;
}

/** The footprint's quarterly schedule: everyone sees it; leads set or stop it. */
export function ScheduleSection({ footprintId, canManage }: { footprintId: string; canManage: boolean }) {
  const { t } = useT();
  const schedule = useSchedule(footprintId);
  if (schedule.isLoading) return <p role="status">{t('common.loading')}</p>;
  const current = schedule.data ?? null;
  const summary = current ? (
    <SummaryList
      rows={[
        { key: t('rounds.schedule.openDay'), value: t('rounds.schedule.openDayValue', { day: current.openDay }) },
        { key: t('rounds.schedule.durationDays'), value: t('rounds.schedule.durationValue', { days: current.durationDays }) },
      ]}
    />
  ) : (
    <p>{t('rounds.schedule.none')}</p>
  );
  if (!canManage) {
    return (
      <section aria-labelledby="schedule-heading" className="nhsuk-u-margin-bottom-7">
        <h2 id="schedule-heading">{t('rounds.schedule.title')}</h2>
        {summary}
      </section>
    );
  }
  return <ScheduleForm footprintId={footprintId} current={current} summary={summary} />;
}

function ScheduleForm({ footprintId, current, summary }: { footprintId: string; current: RoundSchedule | null; summary: ReactNode }) {
  const { t } = useT();
  const save = useSaveSchedule(footprintId);
  const stop = useStopSchedule(footprintId);
  const [openDay, setOpenDay] = useState(String(current?.openDay ?? 1));
  const [durationDays, setDurationDays] = useState(String(current?.durationDays ?? 21));
  const [errors, setErrors] = useState<FieldMessages>({});
  const [saved, setSaved] = useState<string | null>(null);

  const onSubmit = () => {
    const day = whole(openDay, 1, 28);
    const days = whole(durationDays, 1, 60);
    setSaved(null);
    setErrors({ [FIELDS.openDay]: day ? undefined : t('rounds.schedule.errorOpenDay'), [FIELDS.durationDays]: days ? undefined : t('rounds.schedule.errorDuration') });
    if (!day || !days) return;
    save.mutate(
      { openDay: day, durationDays: days },
      {
        onSuccess: () => setSaved(t('rounds.schedule.saved')),
        onError: (error) => setErrors(formProblems(error, { fieldOf: FIELDS, fallback: FIELDS.openDay })),
      },
    );
  };

  return (
    <FormSection
      id="schedule"
      heading={t('rounds.schedule.title')}
      intro={
        <>
          {summary}
          <p>{t('rounds.schedule.intro')}</p>
        </>
      }
      fields={Object.values(FIELDS)}
      errors={errors}
      submit={t('rounds.schedule.submit')}
      busy={save.isPending}
      onSubmit={onSubmit}
      after={
        <>
          {saved && <p role="status">{saved}</p>}
          {current && (
            <Button type="button" variant="secondary" disabled={stop.isPending} onClick={() => stop.mutate(undefined, { onSuccess: () => setSaved(t('rounds.schedule.stopped')) })}>
              {t('rounds.schedule.stop')}
            </Button>
          )}
        </>
      }
    >
      <Input id={FIELDS.openDay} inputMode="numeric" label={t('rounds.schedule.openDay')} hint={t('rounds.schedule.openDayHint')} width="nhsuk-input--width-3" value={openDay} onChange={(e) => setOpenDay(e.target.value)} error={errors[FIELDS.openDay]} />
      <Input id={FIELDS.durationDays} inputMode="numeric" label={t('rounds.schedule.durationDays')} hint={t('rounds.schedule.durationHint')} width="nhsuk-input--width-3" value={durationDays} onChange={(e) => setDurationDays(e.target.value)} error={errors[FIELDS.durationDays]} />
    </FormSection>
  );
}
