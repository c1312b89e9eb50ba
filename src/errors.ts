// Typed errors: each names the term, column, prior or setting at fault so a user can act on it.

/**
 * The base class of mcglmm's errors (ModelSpecError, DataError, PriorError, NumericalError).
 *
 * @example
 * ```ts
 * try {
 *   await fit(spec, data);
 * } catch (e) {
 *   if (e instanceof McglmmError) console.error(e.message); // names the column, term or prior at fault
 * }
 * ```
 */
export class McglmmError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A formula, family or setting in the model spec is wrong (unknown term, bad syntax, bad setting). */
export class ModelSpecError extends McglmmError {}

/** The data do not fit the model: unknown or missing column, wrong type, too few levels, bad values. */
export class DataError extends McglmmError {}

/** A prior does not match its structure or is not a valid distribution. */
export class PriorError extends McglmmError {}

/** Numerical failure (e.g. a matrix that is not positive-definite). */
export class NumericalError extends McglmmError {
  constructor(
    message: string,
    readonly details: { iteration?: number; component?: string; column?: number } = {},
  ) {
    super(message);
  }
}
