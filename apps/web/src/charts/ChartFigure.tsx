import type { ReactNode } from 'react';
import { useT } from '../i18n/i18n';
import type { BiExport, BiFilters } from './bi-export';
import { CsvDownloadLink } from './CsvDownloadLink';
import { TableScroll } from './TableScroll';
import { type ChartOption, EChart } from './EChart';

export interface ChartFigureProps {
  /** The figure's caption, also the chart's accessible name. */
  title: string;
  /** A sentence that says what the chart shows, for the chart's accessible name (defaults to title). */
  summary?: string;
  option: ChartOption;
  height?: number;
  /** The same figures as a table (ui/Table): the chart's text alternative. */
  table: ReactNode;
  /** Open the table instead of folding it in NHS.UK details (when the table is the main reading). */
  tableOpen?: boolean;
  /** The BI export of exactly what the chart shows, and the file name of the download. */
  csv: { path: BiExport; filters: BiFilters; filename: string };
}

/**
 * Every chart of the dashboards: the chart, its table alternative (NHS.UK details) and a "Download
 * CSV" link of the same figures through the BI export, so what a board sees, a screen reader reads
 * and an analyst downloads are one thing.
 */
export function ChartFigure({ title, summary, option, height, table, tableOpen = false, csv }: ChartFigureProps) {
  const { t } = useT();
  return (
    <figure className="pp-chart-figure">
      <figcaption className="nhsuk-heading-s">{title}</figcaption>
      <EChart option={option} label={summary ?? title} height={height} />
      <details className="nhsuk-details" open={tableOpen}>
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">{t('charts.showTable', { title })}</span>
        </summary>
        <div className="nhsuk-details__text">
          <TableScroll label={title}>{table}</TableScroll>
        </div>
      </details>
      <CsvDownloadLink path={csv.path} filters={csv.filters} filename={csv.filename} what={title} />
    </figure>
  );
}
