// The models stage: formulas, data frames, design matrices and covariance structures.
export type * from "./types.js";
export { tokenize, FormulaSyntaxError, type Token } from "./formula/tokenize.js";
export { parseExpression, parseFormula, type Node, type FormulaNode } from "./formula/parse.js";
export { printFormula, formatRNumber } from "./formula/print.js";
export { expandTerms, termLabels, type Term, type TermList } from "./formula/terms.js";
export { parseRandomFormula, type RandomTermSpec } from "./formula/random.js";
export { frameFromCsv, frameFromRows, sortLevels, compareR } from "./frame.js";
export { modelMatrix, estimableColumns, columnsToCsc, polyContrasts, type DesignMatrix } from "./design.js";
export { buildTerm, type Relationship, type TermBlock } from "./structures/build-term.js";
export { FAMILIES, familyDefinition, familyOf, buildResponses, responseColumns, type FamilyDefinition } from "./families/index.js";
export { buildModel, stackFrame, type BuildModelOptions } from "./model.js";
