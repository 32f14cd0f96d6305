import { useT } from '../i18n/i18n';

/** A figure the anonymity gate withholds: said in words, never as a value, colour or tooltip. */
export function Withheld({ k }: { k: number }) {
  const { t } = useT();
  return <span className="pp-withheld">{t('charts.withheld', { k })}</span>;
}
