export { BAND_COLOURS, BANDS, type Band, SERIES_COLOURS, SHARE_COLOURS } from './bands';
export { BandTag } from './BandTag';
export { type BiExport, type BiFilters, biExportUrl, downloadBiCsv } from './bi-export';
export { ChartFigure, type ChartFigureProps, type FigureCsv } from './ChartFigure';
export { CsvDownloadLink } from './CsvDownloadLink';
export { type ChartItemClick, type ChartOption, EChart } from './EChart';
export { TableScroll } from './TableScroll';
export { Withheld } from './Withheld';
export { formatChange, formatPercent, formatScore } from './format';
