import { useState } from 'react';
import { useT } from '../../i18n/i18n';
import { Input, Select, Textarea, WarningCallout } from '../../ui';
import { type FieldMessages, FormSection } from './FormSection';
import { parseAddresses } from './form-input';
import { formProblems } from '../../api/problem';
import { type Round, useEmailLinks, useIssueLinksCsv, useResponseRates } from './rounds-api';

const DOWNLOAD = { organisationId: 'links-organisation', count: 'links-count' } as const;
const EMAIL = { organisationId: 'email-organisation', emails: 'email-addresses' } as const;

/** Hands text to the browser as a file download: the links exist only in this response, never again. */
function download(text: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Single-use respondent links for one organisation: downloaded as CSV for a mail merge, or emailed one per address of a pasted list. */
export function LinksSection({ round }: { round: Round }) {
  const { t } = useT();
  const rates = useResponseRates(round.id, true);
  const organisations = [{ value: '', label: t('round.links.choose') }, ...(rates.data?.organisations ?? []).map((o) => ({ value: o.organisationId, label: `${o.name} (${o.code})` }))];
  const codeOf = (id: string) => rates.data?.organisations.find((o) => o.organisationId === id)?.code ?? id;
  return (
    <>
      <h2>{t('round.links.title')}</h2>
      <p>{t('round.links.intro')}</p>
      <DownloadLinks round={round} organisations={organisations} codeOf={codeOf} />
      <EmailLinks round={round} organisations={organisations} />
    </>
  );
}

type Options = readonly { value: string; label: string }[];

function DownloadLinks({ round, organisations, codeOf }: { round: Round; organisations: Options; codeOf: (id: string) => string }) {
  const { t } = useT();
  const issue = useIssueLinksCsv(round.id);
  const [organisationId, setOrganisationId] = useState('');
  const [count, setCount] = useState('10');
  const [errors, setErrors] = useState<FieldMessages>({});
  const [done, setDone] = useState<number | null>(null);

  const onSubmit = () => {
    const n = Number(count);
    const valid = /^\d+$/.test(count.trim()) && n >= 1 && n <= 500;
    setDone(null);
    setErrors({ [DOWNLOAD.organisationId]: organisationId ? undefined : t('round.links.errorOrganisation'), [DOWNLOAD.count]: valid ? undefined : t('round.links.errorCount') });
    if (!organisationId || !valid) return;
    issue.mutate(
      { organisationId, count: n },
      {
        onSuccess: (csv) => {
          download(csv, `respondent-links-${round.period}-${codeOf(organisationId)}.csv`);
          setDone(n);
        },
        onError: (error) => setErrors(formProblems(error, { fieldOf: DOWNLOAD, fallback: DOWNLOAD.organisationId })),
      },
    );
  };

  return (
    <FormSection
      id="download-links"
      nested
      heading={t('round.links.downloadTitle')}
      fields={Object.values(DOWNLOAD)}
      errors={errors}
      submit={t('round.links.downloadSubmit')}
      busy={issue.isPending}
      onSubmit={onSubmit}
      after={<div role="status">{done !== null && <WarningCallout heading={t('round.links.downloaded', { count: done })}>{t('round.links.downloadedBody')}</WarningCallout>}</div>}
    >
      <Select id={DOWNLOAD.organisationId} label={t('round.links.organisation')} options={organisations} value={organisationId} onChange={(e) => setOrganisationId(e.target.value)} error={errors[DOWNLOAD.organisationId]} />
      <Input id={DOWNLOAD.count} inputMode="numeric" label={t('round.links.count')} hint={t('round.links.countHint')} width="nhsuk-input--width-4" value={count} onChange={(e) => setCount(e.target.value)} error={errors[DOWNLOAD.count]} />
    </FormSection>
  );
}

function EmailLinks({ round, organisations }: { round: Round; organisations: Options }) {
  const { t } = useT();
  const send = useEmailLinks(round.id);
  const [organisationId, setOrganisationId] = useState('');
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<FieldMessages>({});

  const onSubmit = () => {
    const { addresses, invalid } = parseAddresses(text);
    const emailsError = invalid.length ? t('round.links.errorNotAddress', { item: invalid[0]! }) : addresses.length === 0 ? t('round.links.errorNoAddress') : addresses.length > 200 ? t('round.links.errorTooMany') : undefined;
    send.reset();
    setErrors({ [EMAIL.organisationId]: organisationId ? undefined : t('round.links.errorOrganisation'), [EMAIL.emails]: emailsError });
    if (!organisationId || emailsError) return;
    send.mutate(
      { organisationId, emails: addresses },
      {
        // The addresses leave the form once sent: they are not kept, here or by the API.
        onSuccess: () => setText(''),
        onError: (error) => setErrors(formProblems(error, { fieldOf: EMAIL, fallback: EMAIL.emails })),
      },
    );
  };

  return (
    <FormSection
      id="email-links"
      nested
      heading={t('round.links.emailTitle')}
      intro={<p>{t('round.links.emailIntro')}</p>}
      fields={Object.values(EMAIL)}
      errors={errors}
      submit={t('round.links.emailSubmit')}
      busy={send.isPending}
      onSubmit={onSubmit}
      after={
        <div role="status">
          {send.data && <p>{t('round.links.emailed', { count: send.data.emailed })}</p>}
          {send.data && send.data.notEmailed.length > 0 && (
            <WarningCallout heading={t('round.links.notEmailed')}>
              <ul>
                {send.data.notEmailed.map((address) => (
                  <li key={address}>{address}</li>
                ))}
              </ul>
            </WarningCallout>
          )}
        </div>
      }
    >
      <Select id={EMAIL.organisationId} label={t('round.links.organisation')} options={organisations} value={organisationId} onChange={(e) => setOrganisationId(e.target.value)} error={errors[EMAIL.organisationId]} />
      <Textarea id={EMAIL.emails} label={t('round.links.emails')} hint={t('round.links.emailsHint')} value={text} onChange={(e) => setText(e.target.value)} error={errors[EMAIL.emails]} />
    </FormSection>
  );
}
