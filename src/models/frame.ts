// Data frames from CSV text or row objects, typed as R's read.csv + factor() would type them:
// numbers -> numeric columns, text -> factors with levels sorted as R sorts them. Missing values:
// a bare NA, an empty cell, null/undefined/NaN. A quoted value is text (R's write.csv quotes
// factors and strings, never numbers), so quoted numbers such as "308" make a factor whose levels
// sort numerically, as factor() of R's integer column would.

import { parse } from "csv-parse/sync";
import { DataError } from "../errors.js";
import { checkColumnType } from "../io/spec-keys.js";
import type { Column, ColumnTypeSpec, DataFrame, FactorColumn, ModelSpec } from "./types.js";

/** One raw cell: its text (null when missing) and whether it was written as text. */
interface Cell {
  readonly text: string | null;
  readonly quoted: boolean;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$|^[+-]?Inf$|^NaN$/;

export const looksNumeric = (s: string): boolean => NUMBER.test(s.trim());

function toNumber(s: string): number {
  const t = s.trim();
  if (t === "Inf" || t === "+Inf") return Infinity;
  if (t === "-Inf") return -Infinity;
  return Number(t);
}

// R's sort() of character vectors follows the locale's collation (en_US.UTF-8 on the machines
// the fixtures come from): case-insensitive first, punctuation and digits before letters.
// ICU's root/en collation orders these the same way; exact ties fall back to code points.
const collator = new Intl.Collator("en-US");
export function compareR(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Levels as R orders them: numerically when every label is a number, else by collation. */
export function sortLevels(labels: Iterable<string>): string[] {
  const unique = [...new Set(labels)];
  if (unique.every(looksNumeric)) {
    return unique.sort((a, b) => toNumber(a) - toNumber(b) || compareR(a, b));
  }
  return unique.sort(compareR);
}

function factorColumn(name: string, texts: (string | null)[], levels: readonly string[], ordered: boolean): FactorColumn {
  const index = new Map(levels.map((l, k) => [l, k]));
  const codes = new Int32Array(texts.length);
  texts.forEach((t, r) => {
    if (t === null) {
      codes[r] = -1;
      return;
    }
    const k = index.get(t);
    if (k === undefined) {
      throw new DataError(`column "${name}" row ${r + 1}: value "${t}" is not among the levels given for it (${levels.join(", ")})`);
    }
    codes[r] = k;
  });
  return { kind: "factor", name, levels: [...levels], codes, ordered };
}

function numericColumn(name: string, texts: (string | null)[]): Column {
  const values = new Float64Array(texts.length);
  texts.forEach((t, r) => {
    if (t === null) values[r] = NaN;
    else if (looksNumeric(t)) values[r] = toNumber(t);
    else throw new DataError(`column "${name}" is declared numeric but row ${r + 1} holds "${t}"`);
  });
  return { kind: "numeric", name, values };
}

function typeColumn(name: string, cells: Cell[], spec: ColumnTypeSpec | undefined): Column {
  const texts = cells.map((c) => c.text);
  const present = texts.filter((t): t is string => t !== null);
  if (spec === "numeric") return numericColumn(name, texts);
  if (spec === "factor") return factorColumn(name, texts, sortLevels(present), false);
  if (spec !== undefined && "ordered" in spec) return factorColumn(name, texts, spec.ordered, true);
  if (spec !== undefined && "factor" in spec) return factorColumn(name, texts, spec.factor, false);
  // {levels: [...]}: an unordered factor with these levels in this order (R's factor(x, levels = ...)).
  if (spec !== undefined && "levels" in spec) return factorColumn(name, texts, spec.levels, false);
  const numeric = cells.every((c) => c.text === null || (!c.quoted && looksNumeric(c.text)));
  if (numeric) return numericColumn(name, texts);
  refuseMostlyNumeric(name, cells);
  const logical = cells.every((c) => c.text === null || (!c.quoted && /^(TRUE|FALSE)$/.test(c.text)));
  return factorColumn(name, texts, logical ? ["FALSE", "TRUE"].filter((l) => present.includes(l)) : sortLevels(present), false);
}

/** Share of non-missing cells that may be text before a column of numbers is read as a factor. */
const STRAY_TEXT_SHARE = 0.1;

/**
 * A column of numbers with a few text cells (`abc`, a decimal comma `1,5`) is almost always a
 * typo, and read as a factor it would silently give one effect per distinct number. Refuse it,
 * naming the rows and values; `columns: {name: "factor"}` makes a factor on purpose.
 */
function refuseMostlyNumeric(name: string, cells: readonly Cell[]): void {
  const stray: number[] = [];
  let present = 0;
  cells.forEach((c, r) => {
    if (c.text === null) return;
    present++;
    if (c.quoted || !looksNumeric(c.text)) stray.push(r);
  });
  const numbers = present - stray.length;
  if (numbers < 2 || stray.length > STRAY_TEXT_SHARE * present) return;
  const shown = stray
    .slice(0, 5)
    .map((r) => `row ${r + 1} "${cells[r].text}"${looksNumeric(cells[r].text ?? "") ? " (quoted, so text)" : ""}`)
    .join(", ");
  const more = stray.length > 5 ? `, ... (${stray.length} in all)` : "";
  throw new DataError(
    `column "${name}" holds numbers except ${shown}${more}: fix those cells (a decimal point, not a comma; NA for missing), ` +
      `or declare the column a factor with "columns": {"${name}": "factor"}`,
  );
}

function buildFrame(names: string[], cellsByColumn: Cell[][], nrow: number, columns: ModelSpec["columns"]): DataFrame {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new DataError(`the data have two columns named "${n}"`);
    seen.add(n);
  }
  for (const [forced, type] of Object.entries(columns ?? {})) {
    checkColumnType(forced, type);
    if (!seen.has(forced)) {
      throw new DataError(`"columns" gives a type for "${forced}", which is not a column of the data (columns: ${names.join(", ")})`);
    }
  }
  const map = new Map<string, Column>();
  names.forEach((n, j) => map.set(n, typeColumn(n, cellsByColumn[j], columns?.[n])));
  return { nrow, names, columns: map };
}

/**
 * Which fields of one raw CSV record were quoted. csv-parse reports quoting only through its
 * per-field `cast` hook, which is several times slower than parsing; scanning the raw record
 * (only when it holds a quote at all) is cheap.
 */
function quotedFields(raw: string, nfield: number): boolean[] {
  const quoted = new Array<boolean>(nfield).fill(false);
  if (!raw.includes('"')) return quoted;
  let field = 0;
  let atStart = true;
  let inQuotes = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (inQuotes) {
      if (c === '"' && raw[i + 1] === '"') i++;
      else if (c === '"') inQuotes = false;
    } else if (c === ",") {
      field++;
      atStart = true;
    } else if (c === '"' && atStart) {
      quoted[field] = true;
      inQuotes = true;
      atStart = false;
    } else if (c !== " " && c !== "\t") {
      atStart = false;
    }
  }
  return quoted;
}

function readCells(text: string): Cell[][] {
  let records: { record: string[]; raw: string }[];
  try {
    records = parse(text, { skip_empty_lines: true, raw: true }) as unknown as { record: string[]; raw: string }[];
  } catch (err) {
    throw new DataError(`the data are not readable as CSV: ${(err as Error).message}`);
  }
  return records.map(({ record, raw }) => {
    const quoted = quotedFields(raw, record.length);
    return record.map((value, j): Cell => {
      const v = quoted[j] ? value : value.trim();
      // A bare NA (R's write.csv) and an empty cell are missing; a quoted "NA" is text.
      return { text: v === "" || (v === "NA" && !quoted[j]) ? null : v, quoted: quoted[j] };
    });
  });
}

/**
 * Parse CSV text (header line first) into a typed DataFrame.
 *
 * @example
 * ```ts
 * const frame = frameFromCsv("y,herd\n1.2,a\n0.7,b\n", { herd: "factor" });
 * frame.nrow; // 2
 * ```
 */
export function frameFromCsv(text: string, columns?: ModelSpec["columns"]): DataFrame {
  const records = readCells(text);
  if (records.length === 0) throw new DataError("the data file is empty: it needs a header line and at least one row");
  const header = records[0].map((c) => c.text ?? "");
  // R's write.csv puts the row names in a first column with an empty header: not data.
  const skip = header[0] === "" ? 1 : 0;
  const names = header.slice(skip);
  names.forEach((n, j) => {
    if (n === "") throw new DataError(`column ${j + 1 + skip} of the data has an empty name`);
  });
  const rows = records.slice(1);
  if (rows.length === 0) throw new DataError(`the data file has a header (${names.join(", ")}) but no rows`);
  const cellsByColumn = names.map((_, j) => rows.map((r) => r[j + skip]));
  return buildFrame(names, cellsByColumn, rows.length, columns);
}

function cellOf(value: unknown, name: string, row: number): Cell {
  if (value === null || value === undefined || (typeof value === "number" && Number.isNaN(value))) {
    return { text: null, quoted: false };
  }
  // +-Infinity as R writes them (open ends of a censored response)
  if (typeof value === "number") return { text: Number.isFinite(value) ? String(value) : value > 0 ? "Inf" : "-Inf", quoted: false };
  if (typeof value === "boolean") return { text: value ? "TRUE" : "FALSE", quoted: false };
  if (typeof value === "string") return { text: value, quoted: true };
  throw new DataError(`row ${row + 1}, column "${name}": ${typeof value} values are not supported`);
}

/**
 * A DataFrame from row objects: numbers are numeric, strings text, null/undefined/NaN missing.
 *
 * @example
 * ```ts
 * const frame = frameFromRows([{ y: 1.2, herd: "a" }, { y: 0.7, herd: "b" }]);
 * frame.names; // ["y", "herd"]
 * ```
 */
export function frameFromRows(rows: readonly Record<string, unknown>[], columns?: ModelSpec["columns"]): DataFrame {
  if (rows.length === 0) throw new DataError("the data have no rows");
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cellsByColumn = names.map((n) => rows.map((r, i) => cellOf(r[n], n, i)));
  return buildFrame(names, cellsByColumn, rows.length, columns);
}
