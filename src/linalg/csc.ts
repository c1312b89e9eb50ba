// Compressed-column sparse matrix on typed arrays (Davis, Direct Methods for Sparse Linear Systems, ch. 2).

export interface Csc {
  readonly nrow: number;
  readonly ncol: number;
  /** Column pointers, length ncol + 1. */
  readonly colPtr: Int32Array;
  /** Row indices, sorted ascending within each column, length nnz. */
  readonly rowIdx: Int32Array;
  /** Values, length nnz. */
  readonly values: Float64Array;
}
