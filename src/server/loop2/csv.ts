/**
 * Cells a spreadsheet would run as a formula start with one of these, also after spaces (some
 * spreadsheets trim a cell before reading it) and in their full-width forms (＝＋－＠, which
 * Japanese and Chinese input methods type and Excel reads as the ASCII ones); they get a leading quote.
 */
const FORMULA_START = /^(?:[\t\r]|[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

/**
 * Put before a CSV meant for a spreadsheet: Excel reads a UTF-8 file without it in the system's
 * legacy code page, so "café" and "日本語" arrive as mojibake. tagteam's own readers skip it.
 */
export const UTF8_BOM = "\uFEFF";

/** One CSV cell per RFC 4180 (quoted when needed), defused against spreadsheet formula injection. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text =
    typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of objects to CSV with a header row; columns are given so an empty export still has them. */
export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  return csvHeader(columns) + csvRows(columns, rows);
}

/** The header row, with its line break. */
export function csvHeader(columns: readonly string[]): string {
  return columns.map(csvCell).join(",") + "\r\n";
}

/** Rows without the header, each with its line break ("" for none): a streamed CSV's next part. */
export function csvRows(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  let out = "";
  for (const row of rows) out += columns.map((c) => csvCell(row[c])).join(",") + "\r\n";
  return out;
}
