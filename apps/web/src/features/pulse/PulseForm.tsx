import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { type MessageKey, useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { Button, ErrorSummary, type FieldError, Panel, type RadioOption, Radios, SummaryList, type SummaryRow, Textarea } from '../../ui';
import { clearDraft, saveDraft } from './draft-store';
import { formatDateTime } from './format';
import {
  answeredCount,
  DONT_KNOW,
  fieldIds,
  fieldOfProblem,
  type Partner,
  type PulseAnswers,
  type RoundForm,
  type SectionKey,
  type SubmitBody,
  sectionsOf,
  submission,
  type ValidationIssue,
  validateSection,
} from './form-model';
import { type LocalisedQuestion, localiseInstrument } from './localise';

export type SubmitOutcome =
  | { kind: 'sent'; replaced: boolean }
  /** The API refused some answers: `errors` as its problem details name them. */
  | { kind: 'invalid'; errors: { field: string; problem: string }[] }
  /** The page took over (e.g. a link used or expired meanwhile): nothing more for the form to do. */
  | { kind: 'refused' };

interface Props {
  form: RoundForm;
  /** Where answers in progress are kept (draft-store.ts). */
  draftKey: string;
  /** Answers to start from: a draft, earlier answers, or none. */
  initial: PulseAnswers;
  /** When the respondent answered this round before: sending again replaces those answers. */
  earlierSubmittedAt?: string | null;
  send: (body: SubmitBody) => Promise<SubmitOutcome>;
  /** Shown under the confirmation panel, e.g. a link back to the invitations. */
  afterSent?: ReactNode;
}

type Step = { kind: 'section'; index: number } | { kind: 'check' } | { kind: 'sent'; replaced: boolean };

const SECTION_TITLES: Record<SectionKey, MessageKey> = { about: 'pulse.section.about', partnership: 'pulse.section.partnership', partners: 'pulse.section.partners' };

/**
 * The pulse form, the same for a respondent link and a signed-in submitter: a section at a time
 * with inline validation and the NHS.UK error summary, then check your answers, send, and the
 * confirmation. Answers in progress are saved in this browser as they change.
 */
export function PulseForm({ form, draftKey, initial, earlierSubmittedAt, send, afterSent }: Props) {
  const { t, language } = useT();
  const instrument = useMemo(() => localiseInstrument(form.instrument, language), [form.instrument, language]);
  const sections = useMemo(() => sectionsOf(instrument.questions, form.partners), [instrument.questions, form.partners]);
  const [state, setState] = useState<PulseAnswers>(initial);
  const [step, setStep] = useState<Step>({ kind: 'section', index: 0 });
  const [returnToCheck, setReturnToCheck] = useState(false);
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const [serverErrors, setServerErrors] = useState<FieldError[]>([]);
  const [sending, setSending] = useState(false);
  const [sendFailed, setSendFailed] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusAfterRender = useRef<string | null>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    if (step.kind !== 'sent') saveDraft(draftKey, state);
  }, [draftKey, state, step.kind]);

  // A new step: move focus to its field (a Change link) or to its heading, so a screen reader starts there.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const target = focusAfterRender.current ? document.getElementById(focusAfterRender.current) : headingRef.current;
    focusAfterRender.current = null;
    window.scrollTo(0, 0);
    target?.focus();
  }, [step]);

  const section = step.kind === 'section' ? sections[step.index] : undefined;
  const errorMessage = (issue: ValidationIssue): { summary: string; inline: string } => {
    switch (issue.kind) {
      case 'role':
        return { summary: t('pulse.error.role'), inline: t('pulse.error.role') };
      case 'question':
        return { summary: t('pulse.error.questionSummary', { question: issue.question.text }), inline: t('pulse.error.question') };
      case 'tooLong':
        return { summary: t('pulse.error.tooLongSummary', { question: issue.question.text }), inline: t('pulse.error.tooLong') };
      case 'partnerItem':
        return { summary: t('pulse.error.partnerSummary', { partner: issue.partner.name, question: issue.question.text }), inline: t('pulse.error.partner', { partner: issue.partner.name }) };
    }
  };
  const inlineErrors = new Map(issues.map((issue) => [issue.field, errorMessage(issue).inline]));
  for (const error of serverErrors) if (!inlineErrors.has(error.field)) inlineErrors.set(error.field, error.message);
  const summary: FieldError[] = [...issues.map((issue) => ({ field: issue.field, message: errorMessage(issue).summary })), ...serverErrors];

  const title = step.kind === 'sent' ? t('pulse.sent.title') : step.kind === 'check' ? t('pulse.check.title') : t(SECTION_TITLES[section ?? 'about']);
  usePageTitle(summary.length ? `${t('common.errorPrefix')} ${title}` : title);

  const go = (next: Step, focus?: string) => {
    focusAfterRender.current = focus ?? null;
    setIssues([]);
    setStep(next);
  };

  const continueFrom = (index: number) => {
    const current = sections[index];
    if (!current) return;
    const found = validateSection(current, instrument.questions, form.partners, state);
    setServerErrors([]);
    if (found.length) {
      setIssues(found);
      return;
    }
    if (returnToCheck || index + 1 >= sections.length) go({ kind: 'check' });
    else go({ kind: 'section', index: index + 1 });
  };

  const change = (target: SectionKey, field: string) => {
    const index = sections.indexOf(target);
    setReturnToCheck(true);
    setServerErrors([]);
    go({ kind: 'section', index: Math.max(index, 0) }, field);
  };

  const sendAnswers = async () => {
    // Every section again: a draft from an earlier visit may have skipped one.
    for (const [index, key] of sections.entries()) {
      const found = validateSection(key, instrument.questions, form.partners, state);
      if (found.length) {
        setReturnToCheck(true);
        go({ kind: 'section', index });
        setIssues(found);
        return;
      }
    }
    setSending(true);
    setSendFailed(false);
    try {
      const outcome = await send(submission(state));
      if (outcome.kind === 'sent') {
        clearDraft(draftKey);
        go({ kind: 'sent', replaced: outcome.replaced });
        return;
      }
      if (outcome.kind === 'refused') return;
      setServerErrors(
        outcome.errors.map((error) => {
          const place = fieldOfProblem(error.field);
          return { field: place?.id ?? 'send-answers', message: `${error.field} ${error.problem}` };
        }),
      );
    } catch {
      setSendFailed(true);
    } finally {
      setSending(false);
    }
  };

  const optionsOf = (question: LocalisedQuestion): RadioOption[] => [
    ...question.options.map((option) => ({ value: option.value, label: option.label })),
    ...(question.allowDontKnow ? [{ value: DONT_KNOW, label: t('pulse.dontKnow'), dividerBefore: t('pulse.or') }] : []),
  ];
  const legendOf = (question: LocalisedQuestion) => (question.required ? question.text : `${question.text} ${t('pulse.optional')}`);
  const answerLabel = (question: LocalisedQuestion, value: string | undefined): string => {
    if (value === undefined || value.trim() === '') return t('pulse.check.notAnswered');
    if (value === DONT_KNOW) return t('pulse.dontKnow');
    return question.options.find((option) => option.value === value)?.label ?? value;
  };
  const setAnswer = (key: string, value: string) => setState((s) => ({ ...s, answers: { ...s.answers, [key]: value } }));
  const setRating = (partner: string, key: string, value: string) =>
    setState((s) => ({ ...s, partnerRatings: { ...s.partnerRatings, [partner]: { ...s.partnerRatings[partner], [key]: value } } }));
  const clearPartner = (partner: string) =>
    setState((s) => {
      const { [partner]: _cleared, ...rest } = s.partnerRatings;
      return { ...s, partnerRatings: rest };
    });

  const respondentQuestions = instrument.questions.filter((q) => q.type !== 'partner_rating');
  const partnerItems = instrument.questions.filter((q) => q.type === 'partner_rating');
  const progress = answeredCount(instrument.questions, form.partners, state);
  const about = (
    <p data-testid="pulse-round">
      {t('pulse.intro', { organisation: form.organisation.name, period: form.round.period, instrument: instrument.name })} <strong>{t('pulse.closes', { date: formatDateTime(form.round.closesAt, language) })}</strong>
    </p>
  );

  if (step.kind === 'sent') {
    return (
      <>
        <div ref={headingRef} tabIndex={-1}>
          <Panel heading={t('pulse.sent.title')}>{t('pulse.sent.body', { organisation: form.organisation.name, period: form.round.period })}</Panel>
        </div>
        {step.replaced && <p>{t('pulse.sent.replaced')}</p>}
        <p>{t('pulse.sent.next')}</p>
        {afterSent}
      </>
    );
  }

  if (step.kind === 'check') {
    const changeLink = (target: SectionKey, field: string, what: string) => (
      <a
        href={`#${field}`}
        onClick={(event) => {
          event.preventDefault();
          change(target, field);
        }}
      >
        {t('pulse.check.change')}
        <span className="nhsuk-u-visually-hidden"> {what}</span>
      </a>
    );
    const roleLabel = state.respondentRole ? t(`role.${state.respondentRole}`) : t('pulse.check.notAnswered');
    return (
      <>
        <ErrorSummary errors={summary} />
        <h1 ref={headingRef} tabIndex={-1}>
          {t('pulse.check.title')}
        </h1>
        {about}
        {earlierSubmittedAt && (
          <div className="nhsuk-inset-text" data-testid="pulse-replaces">
            <span className="nhsuk-u-visually-hidden">{t('pulse.information')} </span>
            <p>{t('pulse.check.replaces', { date: formatDateTime(earlierSubmittedAt, language) })}</p>
          </div>
        )}
        <h2>{t('pulse.section.about')}</h2>
        <SummaryList rows={[{ key: t('pulse.role.legend'), value: roleLabel, action: changeLink('about', fieldIds.role, t('pulse.role.legend')) }]} />
        {sections.includes('partnership') && (
          <>
            <h2>{t('pulse.section.partnership')}</h2>
            <SummaryList
              rows={respondentQuestions.map<SummaryRow>((question) => ({
                key: question.text,
                value: answerLabel(question, state.answers[question.key]),
                action: changeLink('partnership', fieldIds.question(question.key), question.text),
              }))}
            />
          </>
        )}
        {sections.includes('partners') && (
          <>
            <h2>{t('pulse.section.partners')}</h2>
            {form.partners.map((partner) => {
              const ratings = state.partnerRatings[partner.organisationId];
              return (
                <section key={partner.organisationId} aria-label={partner.name}>
                  <h3>{partner.name}</h3>
                  {ratings && Object.keys(ratings).length ? (
                    <SummaryList
                      rows={partnerItems.map<SummaryRow>((item) => ({
                        key: item.text,
                        value: answerLabel(item, ratings[item.key]),
                        action: changeLink('partners', fieldIds.partnerItem(partner.organisationId, item.key), `${partner.name}: ${item.text}`),
                      }))}
                    />
                  ) : (
                    <p>
                      {t('pulse.check.notRated')}{' '}
                      {changeLink('partners', fieldIds.partnerItem(partner.organisationId, partnerItems[0]?.key ?? ''), partner.name)}
                    </p>
                  )}
                </section>
              );
            })}
          </>
        )}
        <h2>{t('pulse.check.sendHeading')}</h2>
        <p>{earlierSubmittedAt ? t('pulse.check.sendReplaces') : t('pulse.check.sendBody')}</p>
        {sendFailed && (
          <p className="nhsuk-error-message" role="alert">
            {t('pulse.check.sendFailed')}
          </p>
        )}
        <Button id="send-answers" type="button" disabled={sending} onClick={() => void sendAnswers()}>
          {t('pulse.check.send')}
        </Button>
      </>
    );
  }

  const index = step.index;
  return (
    <>
      <ErrorSummary errors={summary} />
      {index > 0 && (
        <a
          className="nhsuk-back-link"
          href="#maincontent"
          onClick={(event) => {
            event.preventDefault();
            go({ kind: 'section', index: index - 1 });
          }}
        >
          {t('common.back')}
        </a>
      )}
      <span className="nhsuk-caption-l" data-testid="pulse-progress">
        {t('pulse.progress', { section: index + 1, sections: sections.length })}
        <span className="nhsuk-u-visually-hidden"> – </span>
      </span>
      <h1 ref={headingRef} tabIndex={-1}>
        {t(SECTION_TITLES[section ?? 'about'])}
      </h1>
      {about}
      <p className="nhsuk-body-s" data-testid="pulse-answered">
        {t('pulse.answered', { answered: progress.answered, total: progress.total })}
      </p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          continueFrom(index);
        }}
      >
        {section === 'about' && (
          <>
            <p>{t('pulse.saved')}</p>
            <Radios
              id={fieldIds.role}
              legend={t('pulse.role.legend')}
              hint={t('pulse.role.hint')}
              options={form.respondentRoles.map((role) => ({ value: role, label: t(`role.${role}`) }))}
              value={state.respondentRole}
              onChange={(value) => setState((s) => ({ ...s, respondentRole: value as PulseAnswers['respondentRole'] }))}
              error={inlineErrors.get(fieldIds.role)}
            />
          </>
        )}
        {section === 'partnership' &&
          respondentQuestions.map((question) =>
            question.type === 'free_text' ? (
              <Textarea
                key={question.key}
                id={fieldIds.question(question.key)}
                label={legendOf(question)}
                value={state.answers[question.key] ?? ''}
                maxLength={4000}
                onChange={(event) => setAnswer(question.key, event.target.value)}
                error={inlineErrors.get(fieldIds.question(question.key))}
              />
            ) : (
              <Radios
                key={question.key}
                id={fieldIds.question(question.key)}
                legend={legendOf(question)}
                legendSize="s"
                options={optionsOf(question)}
                value={state.answers[question.key]}
                onChange={(value) => setAnswer(question.key, value)}
                error={inlineErrors.get(fieldIds.question(question.key))}
              />
            ),
          )}
        {section === 'partners' && (
          <>
            <p>{t('pulse.partners.intro')}</p>
            {form.partners.map((partner) => (
              <PartnerRatings
                key={partner.organisationId}
                partner={partner}
                items={partnerItems}
                ratings={state.partnerRatings[partner.organisationId] ?? {}}
                optionsOf={optionsOf}
                onChange={(key, value) => setRating(partner.organisationId, key, value)}
                onClear={() => clearPartner(partner.organisationId)}
                errors={inlineErrors}
              />
            ))}
          </>
        )}
        <Button>{returnToCheck ? t('pulse.saveAndCheck') : t('pulse.continue')}</Button>
      </form>
    </>
  );
}

/** While the form loads: the page is named already (a child's title would be overwritten by its parent's, as effects run child first). */
export function FormLoading() {
  const { t } = useT();
  usePageTitle(t('pulse.title'));
  return <p role="status">{t('common.loading')}</p>;
}

/** One partner's row of the grid: a fieldset named by the partner, a radio group per partner item. */
function PartnerRatings({
  partner,
  items,
  ratings,
  optionsOf,
  onChange,
  onClear,
  errors,
}: {
  partner: Partner;
  items: readonly LocalisedQuestion[];
  ratings: Record<string, string>;
  optionsOf: (question: LocalisedQuestion) => RadioOption[];
  onChange: (key: string, value: string) => void;
  onClear: () => void;
  errors: Map<string, string>;
}) {
  const { t } = useT();
  const rated = Object.keys(ratings).length > 0;
  return (
    <div className="nhsuk-card" id={fieldIds.partner(partner.organisationId)}>
      <div className="nhsuk-card__content">
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
            <h2 className="nhsuk-fieldset__heading">{partner.name}</h2>
          </legend>
          {items.map((item) => (
            <Radios
              key={item.key}
              id={fieldIds.partnerItem(partner.organisationId, item.key)}
              legend={item.required ? item.text : `${item.text} ${t('pulse.optional')}`}
              legendSize="s"
              options={optionsOf(item)}
              value={ratings[item.key]}
              onChange={(value) => onChange(item.key, value)}
              error={errors.get(fieldIds.partnerItem(partner.organisationId, item.key))}
            />
          ))}
        </fieldset>
        {rated && (
          <Button type="button" variant="secondary" onClick={onClear}>
            {t('pulse.partners.clear')}
            <span className="nhsuk-u-visually-hidden"> {partner.name}</span>
          </Button>
        )}
      </div>
    </div>
  );
}
