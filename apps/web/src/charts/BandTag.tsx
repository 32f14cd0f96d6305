import { useT } from '../i18n/i18n';
import { BAND_COLOURS, type Band } from './bands';

/** A band as an NHS.UK tag: its name in words, coloured from the one band map. */
export function BandTag({ band }: { band: Band }) {
  const { t } = useT();
  return <strong className={`nhsuk-tag ${BAND_COLOURS[band].tag}`}>{t(`charts.band.${band}`)}</strong>;
}
