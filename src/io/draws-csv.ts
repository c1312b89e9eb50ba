// Draws CSV in and out.
//
// Read: one row per saved iteration, either posterior's layout `.chain, .iteration, .draw,
// <params...>` (what mcglmm writes, R's as_draws_df and ArviZ read) or `chain, iter,
// <params...>`; without a chain column all rows are one chain. R's row-names column
// (empty header) is ignored. NA, NaN and empty cells are missing (NaN); Inf/-Inf are
// infinities.
// Write: `.chain,.iteration,.draw,<params...>` with numbers in their shortest round-trip
// form (String(x)), so reading back gives the same doubles bit for bit.
// (Reading and writing files is Node-only: platform/node/draws-file.ts.)
import { parse as parseSync } from "csv-parse/sync";
import { DataError } from "../errors.js";

/** Draws of many scalars: `chains[p][c]` holds parameter p's draws in chain c. */
export interface DrawsTable {
  parameters: string[];
  /** chain labels as in the file (numeric ones in ascending order), one per chain */
  chainLabels: string[];
  /** draws per chain */
  iterations: number;
  /** per parameter (same order as `parameters`), per chain */
  chains: Float64Array[][];
}

const CHAIN_COLUMNS = [".chain", "chain"];
const ITERATION_COLUMNS = [".iteration", "iteration", "iter"];
const DRAW_COLUMNS = [".draw"];

/** A Float64Array that grows by doubling. */
class GrowableColumn {
  values = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.values.length) {
      const next = new Float64Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = v;
  }
}

function parseCell(cell: string, source: string, row: number, column: string): number {
  const s = cell.trim();
  if (s === "" || s === "NA" || s === "NaN" || s === "nan") return NaN;
  if (s === "Inf" || s === "inf" || s === "Infinity") return Infinity;
  if (s === "-Inf" || s === "-inf" || s === "-Infinity") return -Infinity;
  const v = Number(s);
  if (Number.isNaN(v)) {
    throw new DataError(`${source}: row ${row}, column "${column}": "${cell}" is not a number`);
  }
  return v;
}

/** Collects records (header first) into a DrawsTable. */
export function createDrawsBuilder(source: string): { add(record: string[]): void; finish(): DrawsTable } {
  let header: string[] | null = null;
  let chainCol = -1;
  let iterCol = -1;
  const paramCols: number[] = [];
  const columns: GrowableColumn[] = [];
  const chainOfRow: string[] = [];
  const iterOfRow = new GrowableColumn();
  let row = 0; // line number in the file (header = 1)

  function readHeader(record: string[]): void {
    header = record.map((h) => h.trim());
    const pick = (names: string[]): number => {
      for (const name of names) {
        const i = header!.indexOf(name);
        if (i >= 0) return i;
      }
      return -1;
    };
    chainCol = pick(CHAIN_COLUMNS);
    iterCol = pick(ITERATION_COLUMNS);
    const drawCol = pick(DRAW_COLUMNS);
    header.forEach((name, i) => {
      // an empty first header is R's row-names column
      if (i === chainCol || i === iterCol || i === drawCol || (i === 0 && name === "")) return;
      paramCols.push(i);
      columns.push(new GrowableColumn());
    });
    if (paramCols.length === 0) throw new DataError(`${source}: no parameter columns in the header`);
  }

  return {
    add(record: string[]): void {
      row++;
      if (header === null) {
        readHeader(record);
        return;
      }
      const h: string[] = header;
      if (chainCol >= 0) {
        const label = record[chainCol].trim();
        if (label === "" || label === "NA") throw new DataError(`${source}: row ${row} has no chain label`);
        chainOfRow.push(label);
      } else chainOfRow.push("1");
      iterOfRow.push(iterCol >= 0 ? parseCell(record[iterCol], source, row, h[iterCol]) : chainOfRow.length);
      for (let p = 0; p < paramCols.length; p++) {
        const col = paramCols[p];
        columns[p].push(parseCell(record[col], source, row, h[col]));
      }
    },
    finish(): DrawsTable {
      if (header === null) throw new DataError(`${source}: the file is empty`);
      const h: string[] = header;
      const rowsByChain = new Map<string, number[]>();
      chainOfRow.forEach((label, r) => {
        let rows = rowsByChain.get(label);
        if (rows === undefined) rowsByChain.set(label, (rows = []));
        rows.push(r);
      });
      let labels = [...rowsByChain.keys()];
      if (labels.every((l) => Number.isFinite(Number(l)))) labels = labels.sort((a, b) => Number(a) - Number(b));
      if (labels.length === 0) throw new DataError(`${source}: no draws (only a header)`);
      const iterations = rowsByChain.get(labels[0])!.length;
      for (const label of labels) {
        const rows = rowsByChain.get(label)!;
        if (rows.length !== iterations) {
          throw new DataError(
            `${source}: chain ${label} has ${rows.length} draws but chain ${labels[0]} has ${iterations}; all chains must have the same number`,
          );
        }
        // stable sort by iteration number, in case rows are not in order
        rows.sort((a, b) => iterOfRow.values[a] - iterOfRow.values[b] || a - b);
      }
      const chains = columns.map((column) =>
        labels.map((label) => {
          const rows = rowsByChain.get(label)!;
          const out = new Float64Array(iterations);
          for (let i = 0; i < iterations; i++) out[i] = column.values[rows[i]];
          return out;
        }),
      );
      return { parameters: paramCols.map((i) => h[i]), chainLabels: labels, iterations, chains };
    },
  };
}

export const PARSE_OPTIONS = { bom: true, skip_empty_lines: true } as const;

/**
 * Parses draws CSV text. `source` names the input in error messages.
 *
 * @example
 * ```ts
 * const table = parseDrawsCsv(".chain,.iteration,.draw,mu\n1,1,1,0.1\n1,2,2,0.3\n");
 * table.parameters; // ["mu"]
 * ```
 */
export function parseDrawsCsv(text: string, source = "draws CSV"): DrawsTable {
  const builder = createDrawsBuilder(source);
  let records: string[][];
  try {
    records = parseSync(text, PARSE_OPTIONS) as string[][];
  } catch (e) {
    throw new DataError(`${source}: ${(e as Error).message}`);
  }
  for (const record of records) builder.add(record);
  return builder.finish();
}

/** The draws of one parameter by name (one Float64Array per chain). */
export function parameterDraws(table: DrawsTable, name: string): Float64Array[] {
  const p = table.parameters.indexOf(name);
  if (p < 0) throw new DataError(`no parameter "${name}" among the draws`);
  return table.chains[p];
}

/** A number as the shortest string that reads back to the same double; NA/Inf as R writes. */
export function formatDrawValue(x: number): string {
  if (Number.isNaN(x)) return "NA";
  if (x === Infinity) return "Inf";
  if (x === -Infinity) return "-Inf";
  if (Object.is(x, -0)) return "-0";
  return String(x);
}

/** A header field, quoted (RFC 4180) only when it has to be. */
function formatName(name: string): string {
  return /[",\r\n]|^\s|\s$/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
}

function checkShape(parameters: readonly string[], chains: readonly (readonly Float64Array[])[]): number {
  if (parameters.length !== chains.length) {
    throw new DataError(`draws: ${parameters.length} parameter names but draws for ${chains.length} parameters`);
  }
  if (chains.length === 0) return 0;
  const m = chains[0].length;
  const n = m > 0 ? chains[0][0].length : 0;
  chains.forEach((perChain, p) => {
    if (perChain.length !== m || perChain.some((c) => c.length !== n)) {
      throw new DataError(`draws: parameter "${parameters[p]}" has a different number of chains or draws per chain`);
    }
  });
  return m;
}

/**
 * The draws CSV as chunks of text (header first), `rowsPerChunk` rows at a time:
 * `.chain,.iteration,.draw,<params>`, chains and iterations numbered from 1, `.draw` running
 * over all chains.
 */
export function* drawsCsvChunks(
  parameters: readonly string[],
  chains: readonly (readonly Float64Array[])[],
  rowsPerChunk = 1000,
): Generator<string> {
  const m = checkShape(parameters, chains);
  yield [".chain", ".iteration", ".draw", ...parameters.map(formatName)].join(",") + "\n";
  if (m === 0) return;
  const n = chains[0][0].length;
  let lines: string[] = [];
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < n; i++) {
      let line = `${c + 1},${i + 1},${c * n + i + 1}`;
      for (let p = 0; p < chains.length; p++) line += "," + formatDrawValue(chains[p][c][i]);
      lines.push(line);
      if (lines.length === rowsPerChunk) {
        yield lines.join("\n") + "\n";
        lines = [];
      }
    }
  }
  if (lines.length > 0) yield lines.join("\n") + "\n";
}

/**
 * The whole draws CSV as one string (see drawsCsvChunks).
 *
 * @example
 * ```ts
 * formatDrawsCsv(["mu"], [[Float64Array.of(0.1, 0.3)]]);
 * // ".chain,.iteration,.draw,mu\n1,1,1,0.1\n1,2,2,0.3\n"
 * ```
 */
export function formatDrawsCsv(parameters: readonly string[], chains: readonly (readonly Float64Array[])[]): string {
  return [...drawsCsvChunks(parameters, chains)].join("");
}
