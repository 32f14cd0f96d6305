import { type FormEvent, useMemo } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { ChartFigure, Withheld } from '../../charts';
import { useCan } from '../../auth/use-account';
import en from '../../i18n/en.json';
import { type MessageKey, useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { Button, Select, Table } from '../../ui';
import { localiseInstrument } from '../pulse/localise';
import { freeTextByQuestion } from './free-text';
import { overallShareRows, type ShareRow, sharePercents, stackedOption } from './stacked';
import { BREAKDOWNS, type Breakdown, type Distribution, type GroupBreakdown, useClosedRounds, useDistributions, useFreeText, useInstrument } from './use-questions';

/**
 * How each question was answered in a closed round: favourable / neutral / unfavourable shares of
 * every question, then one question by sector, organisation type or respondent role; free-text
 * answers for leads. Every group the gate withholds says "fewer than k responses" and nothing else.
 */
export function QuestionsPage() {
  const { t, language } = useT();
  usePageTitle(t('questions.title'));
  const { footprintId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const { can } = useCan();
  const rounds = useClosedRounds(footprintId);
  const round = rounds.data?.find((r) => r.id === search.get('round')) ?? rounds.data?.[0];
  const breakdown = (BREAKDOWNS as readonly string[]).includes(search.get('breakdown') ?? '') ? (search.get('breakdown') as GroupBreakdown) : 'sector';
  const instrument = useInstrument(round?.instrumentId);
  const overall = useDistributions(round?.id, 'all');
  const grouped = useDistributions(round?.id, breakdown);
  // Free text can identify its writer: the API lets only the footprint's leads read it (free_text.read).
  const readsFreeText = can('free_text.read', footprintId);
  const freeText = useFreeText(round?.id, readsFreeText);

  const questions = useMemo(() => (instrument.data ? localiseInstrument(instrument.data, language).questions : []), [instrument.data, language]);
  const k = overall.data?.anonymityThreshold ?? 5;
  const freeTextGroups = useMemo(() => freeTextByQuestion(freeText.data ?? [], questions), [freeText.data, questions]);
  // Every question with a favourable end, those withheld overall included: they say "fewer than k responses" rather than vanish.
  const overallRows = useMemo(() => overallShareRows(questions, overall.data?.items ?? []), [questions, overall.data]);
  // The breakdown's question: the one asked for, else the first shown overall (a withheld one's groups are all withheld).
  const questionKey = overallRows.some((row) => row.key === search.get('question')) ? (search.get('question') as string) : (overallRows.find((row) => !row.suppressed) ?? overallRows[0])?.key;
  const question = questions.find((q) => q.key === questionKey);
  const names = { favourable: t('questions.favourable'), neutral: t('questions.neutral'), unfavourable: t('questions.unfavourable') };
  const withheld = t('charts.withheld', { k });

  const groupRows: ShareRow[] = (grouped.data?.items ?? []).filter((d) => d.questionKey === questionKey).map((d) => shareRow(groupLabel(breakdown, d.groupKey, t), d));
  const overallOption = useMemo(() => stackedOption(overallRows, names, withheld), [JSON.stringify(overallRows), withheld, language]);
  const groupOption = useMemo(() => stackedOption(groupRows, names, withheld), [JSON.stringify(groupRows), withheld, language]);

  function choose(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSearch({ round: String(form.get('round') ?? ''), question: String(form.get('question') ?? ''), breakdown: String(form.get('breakdown') ?? '') });
  }

  return (
    <>
      <h1>{t('questions.title')}</h1>
      {rounds.isLoading && <p role="status">{t('common.loading')}</p>}
      {rounds.data?.length === 0 && <p>{t('questions.noRounds')}</p>}
      {round && (
        <>
          <form className="pp-filters" onSubmit={choose} key={search.toString()}>
            <Select id="round" label={t('questions.round')} defaultValue={round.id} options={rounds.data?.map((r) => ({ value: r.id, label: r.period })) ?? []} />
            <Select id="question" label={t('questions.question')} defaultValue={questionKey} options={overallRows.map((row) => ({ value: row.key, label: row.label }))} />
            <Select id="breakdown" label={t('questions.breakdown')} defaultValue={breakdown} options={BREAKDOWNS.map((b) => ({ value: b, label: t(`questions.breakdown.${b}`) }))} />
            <Button type="submit" variant="secondary">
              {t('questions.show')}
            </Button>
          </form>

          {(overall.isLoading || instrument.isLoading) && <p role="status">{t('common.loading')}</p>}
          {overall.isError && <p className="nhsuk-error-message">{t('questions.failed')}</p>}

          {question && grouped.data && (
            <section aria-labelledby="by-group-heading">
              <h2 id="by-group-heading">{t('questions.byGroupHeading', { breakdown: t(`questions.breakdown.${breakdown}`).toLowerCase() })}</h2>
              <ChartFigure
                title={t('questions.byGroupTitle', { question: question.text, breakdown: t(`questions.breakdown.${breakdown}`).toLowerCase(), period: round.period })}
                summary={t('questions.chartSummary')}
                option={groupOption}
                height={Math.max(160, 60 + groupRows.length * 44)}
                table={<SharesTable caption={question.text} first={t(`questions.breakdown.${breakdown}`)} rows={groupRows} k={k} />}
                csv={{
                  path: '/api/v1/bi/distributions',
                  filters: { footprint: footprintId, from: round.period, to: round.period, question: questionKey, breakdown },
                  filename: `distribution-${round.period}-${questionKey}-${breakdown}.csv`,
                }}
              />
            </section>
          )}

          {overall.data && overallRows.length > 0 && (
            <section aria-labelledby="overall-heading">
              <h2 id="overall-heading">{t('questions.overallHeading')}</h2>
              <ChartFigure
                title={t('questions.overallTitle', { period: round.period })}
                summary={t('questions.chartSummary')}
                option={overallOption}
                height={Math.max(200, 60 + overallRows.length * 52)}
                table={<SharesTable caption={t('questions.overallTitle', { period: round.period })} first={t('questions.question')} rows={overallRows} k={k} />}
                csv={{
                  path: '/api/v1/bi/distributions',
                  filters: { footprint: footprintId, from: round.period, to: round.period, question: overallRows.map((row) => row.key), breakdown: 'all' },
                  filename: `distributions-${round.period}.csv`,
                }}
              />
            </section>
          )}

          {readsFreeText && (
            <section aria-labelledby="free-text-heading">
              <h2 id="free-text-heading">{t('questions.freeTextHeading')}</h2>
              <p className="nhsuk-body-s">{t('questions.freeTextNote', { k })}</p>
              {freeText.isError && <p>{t('questions.freeTextUnavailable')}</p>}
              {freeText.data && freeTextGroups.length === 0 && <p>{t('questions.freeTextNone')}</p>}
              {freeTextGroups.length > 0 && (
                <div data-testid="free-text">
                  {freeTextGroups.map((group) => (
                    <section key={group.key} aria-labelledby={`free-text-${group.key}`}>
                      <h3 id={`free-text-${group.key}`} className="nhsuk-heading-s">
                        {group.question} <span className="nhsuk-body-s">({t('questions.freeTextCount', { count: group.answers.length })})</span>
                      </h3>
                      <ul className="nhsuk-list nhsuk-list--border">
                        {group.answers.map((text, i) => (
                          <li key={i}>
                            <blockquote className="pp-quote">{text}</blockquote>
                          </li>
                        ))}
                      </ul>
                    </section>
                  ))}
                </div>
              )}
            </section>
          )}
        </>
      )}
    </>
  );
}

function shareRow(label: string, d: Distribution | undefined): ShareRow {
  return { label, suppressed: !d || d.suppressed, favourable: d?.favourableShare ?? null, neutral: d?.neutralShare ?? null, unfavourable: d?.unfavourableShare ?? null };
}

function groupLabel(breakdown: Breakdown, key: string, t: ReturnType<typeof useT>['t']): string {
  const prefix = breakdown === 'sector' ? 'sector' : breakdown === 'organisation_type' ? 'organisationType' : 'role';
  const message = `${prefix}.${key}`;
  // A group the web app has no words for yet (a new organisation type) shows its key, never a blank.
  return message in en ? t(message as MessageKey) : key;
}

function SharesTable({ caption, first, rows, k }: { caption: string; first: string; rows: readonly ShareRow[]; k: number }) {
  const { t } = useT();
  return (
    <Table
      caption={caption}
      head={[first, t('questions.favourable'), t('questions.neutral'), t('questions.unfavourable')]}
      rows={rows.map((row) => {
        const p = sharePercents(row);
        return p ? [row.label, `${p.favourable.toFixed(1)}%`, `${p.neutral.toFixed(1)}%`, `${p.unfavourable.toFixed(1)}%`] : [row.label, <Withheld k={k} key="w" />, '', ''];
      })}
    />
  );
}
