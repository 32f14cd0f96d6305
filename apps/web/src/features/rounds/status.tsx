import { type MessageKey, useT } from '../../i18n/i18n';
import type { Round } from './rounds-api';

const LABEL: Record<Round['status'], MessageKey> = { draft: 'rounds.status.draft', open: 'rounds.status.open', closed: 'rounds.status.closed', scored: 'rounds.status.scored' };
const TAG: Record<Round['status'], string> = { draft: 'nhsuk-tag--grey', open: 'nhsuk-tag--green', closed: 'nhsuk-tag--white', scored: 'nhsuk-tag--blue' };

/** A round's status as an NHS.UK tag. */
export function RoundStatusTag({ status }: { status: Round['status'] }) {
  const { t } = useT();
  return <strong className={`nhsuk-tag ${TAG[status]}`}>{t(LABEL[status])}</strong>;
}
