// One record per response family: how many data columns it reads, how many latent traits it
// has and what they are called (MCMCglmm's names: a categorical response `horn` with levels
// normal < polled < scurred has traits horn.polled and horn.scurred, the first level being the
// baseline), and which values it accepts.

import { DataError, ModelSpecError } from "../../errors.js";
import type { Node } from "../formula/parse.js";
import { formatRNumber, printNode } from "../formula/print.js";
import { sortLevels } from "../frame.js";
import type { DataFrame, FamilyName, Response } from "../types.js";
import { evaluateVariable, referencedColumns, type VariableValue } from "../variables.js";

/** One column of the response (an argument of cbind, or the whole left-hand side). */
export interface ResponseColumn {
  /** The column as written, e.g. "size - incidence". */
  readonly text: string;
  /** Its variable name, as MCMCglmm names traits: the first column it refers to. */
  readonly name: string;
  readonly value: VariableValue;
}

export interface FamilyRecord {
  /** Response columns the family reads. */
  readonly columns: (family: FamilyName) => number;
  /** Validate the columns and build the response; traitOffset is its first latent trait. */
  readonly build: (family: FamilyName, cols: readonly ResponseColumn[], traitOffset: number) => { response: Response; traitNames: string[] };
}

function numbers(col: ResponseColumn, family: string): Float64Array {
  if (col.value.kind !== "numeric" || col.value.columns.length !== 1) {
    const example = col.value.kind === "factor" ? ` (it holds text such as "${col.value.levels[0]}")` : "";
    throw new DataError(`response "${col.text}" must be numeric for the ${family} family${example}`);
  }
  return col.value.columns[0];
}

function counts(col: ResponseColumn, family: string, what = "counts"): Float64Array {
  const y = numbers(col, family);
  const bad = y.findIndex((v) => !Number.isNaN(v) && (v < 0 || !Number.isInteger(v)));
  if (bad >= 0) {
    throw new DataError(`response "${col.text}" row ${bad + 1} is ${formatRNumber(y[bad])}: ${family} ${what} must be whole numbers >= 0`);
  }
  return y;
}

/** Categories and 0-based codes of a categorical/ordinal response, as R's as.factor orders them. */
function categories(col: ResponseColumn, family: string): { labels: string[]; y: Float64Array } {
  let labels: string[];
  let codes: ArrayLike<number>;
  if (col.value.kind === "factor") {
    labels = [...col.value.levels];
    codes = col.value.codes;
  } else {
    const x = numbers(col, family);
    const text = Array.from(x, (v) => (Number.isNaN(v) ? null : formatRNumber(v)));
    labels = sortLevels(text.filter((t): t is string => t !== null));
    codes = text.map((t) => (t === null ? -1 : labels.indexOf(t)));
  }
  const y = Float64Array.from(codes, (c) => (c < 0 ? NaN : c));
  const seen = new Array<number>(labels.length).fill(0);
  y.forEach((c) => Number.isNaN(c) || seen[c]++);
  const empty = labels.filter((_, k) => seen[k] === 0);
  if (empty.length > 0) {
    throw new DataError(`response "${col.text}" (${family}) has no observations in category ${empty.map((e) => `"${e}"`).join(", ")}: drop the level or merge categories`);
  }
  if (labels.length < 2) {
    throw new DataError(`response "${col.text}" (${family}) has only one category (${labels.join("")}); it needs at least two`);
  }
  return { labels, y };
}

const single = (): number => 1;

const gaussianLike = (kind: "gaussian" | "poisson"): FamilyRecord => ({
  columns: single,
  build: (family, [col], traitOffset) => {
    const y = kind === "poisson" ? counts(col, family) : numbers(col, family);
    return { response: { name: col.name, family, traitOffset, nTraits: 1, y }, traitNames: [col.name] };
  },
});

const ordinal: FamilyRecord = {
  columns: single,
  build: (family, [col], traitOffset) => {
    const { labels, y } = categories(col, family);
    return { response: { name: col.name, family, traitOffset, nTraits: 1, y, categories: labels }, traitNames: [col.name] };
  },
};

const categorical: FamilyRecord = {
  columns: single,
  build: (family, [col], traitOffset) => {
    const { labels, y } = categories(col, family);
    const traitNames = labels.slice(1).map((l) => `${col.name}.${l}`);
    return { response: { name: col.name, family, traitOffset, nTraits: traitNames.length, y, categories: labels }, traitNames };
  },
};

/** multinomialK: K count columns; K-1 traits named after the first K-1 columns. multinomial2 = binomial. */
const multinomial: FamilyRecord = {
  columns: (family) => multinomialK(family),
  build: (family, cols, traitOffset) => {
    const ys = cols.map((c) => counts(c, family, cols.length === 2 && c === cols[1] ? "failures (trials - successes)" : "counts"));
    const trials = new Float64Array(ys[0].length);
    for (const y of ys) y.forEach((v, r) => (trials[r] += v));
    const traitNames = cols.slice(0, -1).map((c) => c.name);
    const response: Response = {
      name: cols[0].name,
      family,
      traitOffset,
      nTraits: traitNames.length,
      // a row with any count missing is a missing response (its trials are unknown)
      y: Float64Array.from(ys[0], (v, r) => (Number.isNaN(trials[r]) ? NaN : v)),
      trials,
      ...(cols.length > 2 ? { counts: ys } : {}),
    };
    return { response, traitNames };
  },
};

function multinomialK(family: string): number {
  const k = Number(/^multinomial(\d+)$/.exec(family)?.[1]);
  if (!(k >= 2)) throw new ModelSpecError(`family "${family}": multinomial needs K >= 2 categories, e.g. multinomial2`);
  return k;
}

export const FAMILIES: Readonly<Record<string, FamilyRecord>> = {
  gaussian: gaussianLike("gaussian"),
  poisson: gaussianLike("poisson"),
  categorical,
  threshold: ordinal,
  ordinal,
  multinomial,
};

export function familyRecord(family: string): FamilyRecord {
  const record = FAMILIES[/^multinomial\d+$/.test(family) ? "multinomial" : family];
  if (record === undefined) {
    throw new ModelSpecError(`unknown family "${family}"; known: gaussian, poisson, categorical, multinomial2 (or multinomialK), threshold, ordinal`);
  }
  return record;
}

/** The columns of a response `y` or `cbind(a, b, n - a)`. */
export function responseColumns(lhs: Node, frame: DataFrame): ResponseColumn[] {
  const parts = lhs.kind === "call" && lhs.fn === "cbind" ? lhs.args.map((a) => a.value) : [lhs];
  return parts.map((node) => {
    const text = printNode(node);
    return { text, name: referencedColumns(node)[0] ?? text, value: evaluateVariable(node, frame, "the response") };
  });
}

/**
 * Split the response columns among the families (one family per column, a multinomialK taking
 * K) and build the responses. A single family for several columns applies to each of them.
 */
export function buildResponses(
  cols: readonly ResponseColumn[],
  family: FamilyName | readonly FamilyName[] | undefined,
): { responses: Response[]; traitNames: string[] } {
  let families: readonly FamilyName[] = Array.isArray(family) ? family : [(family as FamilyName | undefined) ?? "gaussian"];
  if (!Array.isArray(family) && familyRecord(families[0]).columns(families[0]) === 1) {
    families = cols.map(() => families[0]);
  }
  const responses: Response[] = [];
  const traitNames: string[] = [];
  let c = 0;
  for (const f of families) {
    const width = familyRecord(f).columns(f);
    if (c + width > cols.length) {
      throw new ModelSpecError(`the families (${families.join(", ")}) need ${c + width} or more response columns; the response has ${cols.length}`);
    }
    const built = familyRecord(f).build(f, cols.slice(c, c + width), traitNames.length);
    responses.push(built.response);
    traitNames.push(...built.traitNames);
    c += width;
  }
  if (c !== cols.length) {
    throw new ModelSpecError(`the response has ${cols.length} columns but the families (${families.join(", ")}) use ${c}`);
  }
  const dup = traitNames.find((t, k) => traitNames.indexOf(t) !== k);
  if (dup !== undefined) throw new ModelSpecError(`two response traits are both called "${dup}"`);
  return { responses, traitNames };
}
