import type { KeyboardEvent, ReactNode } from 'react';
import { useT } from '../i18n/i18n';
import type { BiExport, BiFilters } from './bi-export';
import { CsvDownloadLink } from './CsvDownloadLink';
import { type ChartItemClick, type ChartOption, EChart } from './EChart';
import { TableScroll } from './TableScroll';

/** A table's CSV: the BI export and its filters, and the download's file name. */
export interface FigureCsv {
  path: BiExport;
  filters: BiFilters;
  filename: string;
}

export interface ChartFigureProps {
  /** The figure's caption, also the chart's accessible name. */
  title: string;
  /** A sentence that says what the chart shows, for the chart's accessible name (defaults to title). */
  summary?: string;
  /** The ECharts chart; or `drawing`, for a chart another library draws (the Cytoscape.js network map). */
  option?: ChartOption;
  drawing?: ReactNode;
  height?: number;
  /** The same figures as a table (ui/Table): the chart's text alternative. */
  table: ReactNode;
  /** Open the table instead of folding it in NHS.UK details (when the table is the main reading). */
  tableOpen?: boolean;
  /** The BI export of exactly what the chart shows, and the file name of the download; none for figures no export holds (the national benchmark). */
  csv?: FigureCsv;
  /** Further tables of what the chart draws (the network map's ties beside its members), each with its own CSV. */
  moreTables?: readonly { title: string; table: ReactNode; csv?: FigureCsv }[];
  /** A click on one of the chart's items (e.g. a heatmap cell that opens a page). */
  onItemClick?: (item: ChartItemClick) => void;
  /**
   * A chart read with the keyboard (e.g. a heatmap): it takes focus, named by `instructions`, its
   * keys go to `onKeyDown`, and `status` (what the keyboard is on) is announced as it changes.
   * `overlay` is drawn over the chart (positioned against its box), e.g. the outline of the cell the
   * keyboard is on: moving it then redraws one element, not the chart.
   */
  keyboard?: { instructions: string; onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void; status: ReactNode; overlay?: ReactNode };
}

/**
 * Every chart of the dashboards: the chart, its table alternative (NHS.UK details) and a "Download
 * CSV" link of the same figures through the BI export, so what a board sees, a screen reader reads
 * and an analyst downloads are one thing.
 */
export function ChartFigure({ title, summary, option, drawing, height, table, tableOpen = false, csv, moreTables = [], onItemClick, keyboard }: ChartFigureProps) {
  return (
    <figure className="pp-chart-figure">
      <figcaption className="nhsuk-heading-s">{title}</figcaption>
      {drawing ?? (keyboard && option ? (
        <>
          <div className="pp-chart-keyboard" role="group" tabIndex={0} aria-label={keyboard.instructions} onKeyDown={keyboard.onKeyDown}>
            <EChart option={option} label={summary ?? title} height={height} onItemClick={onItemClick} />
            {keyboard.overlay}
          </div>
          <p className="nhsuk-body-s pp-chart-keyboard__status" role="status">
            {keyboard.status}
          </p>
        </>
      ) : (
        option && <EChart option={option} label={summary ?? title} height={height} onItemClick={onItemClick} />
      ))}
      <TableAlternative title={title} table={table} open={tableOpen} csv={csv} />
      {moreTables.map((more) => (
        <TableAlternative key={more.title} title={more.title} table={more.table} open={tableOpen} csv={more.csv} />
      ))}
    </figure>
  );
}

/** One table of a figure, folded in NHS.UK details (open with `open`), and the CSV of exactly its rows. */
function TableAlternative({ title, table, open, csv }: { title: string; table: ReactNode; open: boolean; csv?: FigureCsv }) {
  const { t } = useT();
  return (
    <>
      <details className="nhsuk-details" open={open}>
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">{t('charts.showTable', { title })}</span>
        </summary>
        <div className="nhsuk-details__text">
          <TableScroll label={title}>{table}</TableScroll>
        </div>
      </details>
      {csv && <CsvDownloadLink path={csv.path} filters={csv.filters} filename={csv.filename} what={title} />}
    </>
  );
}
