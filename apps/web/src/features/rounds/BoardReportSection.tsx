import { useState } from 'react';
import { api } from '../../api/client';
import { useT } from '../../i18n/i18n';
import { Button, ErrorMessage } from '../../ui';
import type { Round } from './rounds-api';

/**
 * A scored round's board report (PDF), rendered by the worker. The API wants the session's bearer
 * token, which a plain link cannot send, so the button fetches the file and hands it to the
 * browser as a download; before it is rendered the API's 404 says so and is shown as it is.
 */
export function BoardReportSection({ round }: { round: Round }) {
  const { t } = useT();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const { data, error, response } = await api.GET('/api/v1/rounds/{roundId}/report.pdf', { params: { path: { roundId: round.id } }, parseAs: 'blob' });
      if (!response.ok || !data) {
        setProblem(response.status === 404 ? t('round.report.notReady') : ((error as { detail?: string } | undefined)?.detail ?? t('round.report.failed')));
        return;
      }
      const url = URL.createObjectURL(data);
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = `board-report-${round.period}.pdf`;
      anchor.click();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="nhsuk-form-group">
      <h2>{t('round.report.title')}</h2>
      <p>{t('round.report.intro')}</p>
      {problem && <ErrorMessage id="board-report-problem">{problem}</ErrorMessage>}
      <Button type="button" variant="secondary" disabled={busy} aria-describedby={problem ? 'board-report-problem' : undefined} onClick={() => void download()}>
        {t('round.report.download')}
      </Button>
    </div>
  );
}
