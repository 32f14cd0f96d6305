import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useFragmentToken } from '../../auth/fragment-token';
import { api } from '../../api/client';
import { draftKey, loadDraft } from './draft-store';
import { requestLinkForm } from './link-request';
import { EMPTY_ANSWERS, type RoundForm, type SubmitBody } from './form-model';
import { type LinkProblem, LinkProblemPage, linkProblemOf } from './LinkProblemPage';
import { FormLoading, PulseForm, type SubmitOutcome } from './PulseForm';

class LinkRefused extends Error {
  constructor(readonly problem: LinkProblem) {
    super(problem);
  }
}

function useLinkForm(token: string) {
  return useQuery<RoundForm, LinkRefused>({
    queryKey: ['pulse-link', token],
    enabled: token !== '',
    retry: false,
    staleTime: Infinity,
    queryFn: async () => {
      const { data, error } = await requestLinkForm(token);
      if (data) return data;
      throw new LinkRefused(linkProblemOf(error?.code));
    },
  });
}

/** `/pulse#<token>`: a respondent link a lead issued, answered without an account. */
export function PulseLinkPage() {
  const token = useFragmentToken() ?? '';
  const form = useLinkForm(token);
  const [refused, setRefused] = useState<LinkProblem | null>(null);

  if (!token) return <LinkProblemPage problem="pulse_link_missing" />;
  if (refused) return <LinkProblemPage problem={refused} />;
  if (form.error) return <LinkProblemPage problem={form.error.problem} />;
  if (!form.data) return <FormLoading />;

  const key = draftKey(form.data.round.id, { link: token });
  const send = async (body: SubmitBody): Promise<SubmitOutcome> => {
    const { data, error, response } = await api.POST('/api/v1/pulse/responses', { params: { header: { 'X-Pulse-Token': token } }, body });
    if (data) return { kind: 'sent', replaced: false };
    if (response.status === 400 && error?.errors?.length) return { kind: 'invalid', errors: error.errors };
    if (response.status === 401 || response.status === 409) {
      setRefused(linkProblemOf(error?.code));
      return { kind: 'refused' };
    }
    throw new Error(error?.detail ?? `HTTP ${response.status}`);
  };
  return <PulseForm key={key} form={form.data} draftKey={key} initial={loadDraft(key) ?? EMPTY_ANSWERS} send={send} />;
}
