import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { useT } from '../../i18n/i18n';
import { BackLink } from '../../ui';
import { draftKey, loadDraft } from '../pulse/draft-store';
import { EMPTY_ANSWERS, type PulseAnswers, type SubmitBody } from '../pulse/form-model';
import { FormLoading, PulseForm, type SubmitOutcome } from '../pulse/PulseForm';
import { ApiProblem } from '../../api/problem';
import { useInvitationForm } from './use-invitations';

/** `/invitations/:id`: a signed-in submitter answers for their organisation; answering again while open replaces the earlier answers. */
export function InvitationFormPage() {
  const { t } = useT();
  const { id = '' } = useParams();
  const query = useInvitationForm(id);

  if (query.error) {
    const closed = query.error instanceof ApiProblem && query.error.problem?.code === 'round_not_open';
    const missing = query.error instanceof ApiProblem && query.error.status === 404;
    return (
      <>
        <BackLink to="/invitations">{t('invitations.back')}</BackLink>
        <h1>{closed ? t('pulse.link.notOpen.title') : missing ? t('invitations.notFound') : t('pulse.link.unavailable.title')}</h1>
        <p>{closed ? t('pulse.link.notOpen.body') : missing ? t('invitations.notFoundBody') : t('pulse.link.unavailable.body')}</p>
      </>
    );
  }
  if (!query.data) return <FormLoading />;

  const { form, earlier } = query.data;
  const key = draftKey(form.round.id, { invitation: id });
  const previous: PulseAnswers | null = earlier ? { respondentRole: earlier.respondentRole, answers: earlier.answers, partnerRatings: earlier.partnerRatings } : null;
  const send = async (body: SubmitBody): Promise<SubmitOutcome> => {
    const { data, error, response } = await api.POST('/api/v1/invitations/{invitationId}/responses', { params: { path: { invitationId: id } }, body });
    if (data) {
      void query.refetch();
      return { kind: 'sent', replaced: response.status === 200 };
    }
    if (response.status === 400 && error?.errors?.length) return { kind: 'invalid', errors: error.errors };
    throw new Error(error?.detail ?? `HTTP ${response.status}`);
  };
  return (
    <PulseForm
      key={key}
      form={form}
      draftKey={key}
      initial={loadDraft(key) ?? previous ?? EMPTY_ANSWERS}
      earlierSubmittedAt={earlier?.submittedAt ?? null}
      send={send}
      afterSent={
        <p>
          <Link to="/invitations">{t('invitations.back')}</Link>
        </p>
      }
    />
  );
}
