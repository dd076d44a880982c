/** Candle file import: CSV (with header sniffing or headerless klines), JSON layouts, Arrow/Feather. */

export { epochToMs, parseDateTime, parseNumberCell, parseTimestampCell } from './cells.js';
export { baseAsset, recogniseColumns } from './columns.js';
export { CsvCandleParser, splitCsvLine } from './csv-parser.js';
export { type ImportOptions, type ImportSummary, importCandleFile } from './import-file.js';
export { type NormalisedCandles, normaliseRows, type RowOrder } from './normalise.js';
export {
  IMPORT_FORMATS,
  type ImportFormat,
  type ReadCandleFileResult,
  type ResolvedFormat,
  readCandleFile,
} from './read-file.js';
export type { ParsedRows, RowProblem } from './rows.js';
export { checkSpacing, type SpacingReport } from './spacing.js';
