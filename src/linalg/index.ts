// Public API of the sparse and small-dense linear algebra.

export {
  type Csc,
  nnz,
  cscFromTriplets,
  transpose,
  identity,
  upperTriangle,
  lowerTriangle,
  symPermUpper,
  symmetricFromUpper,
  toDense,
  fromDense,
  embed,
} from "./csc.js";
export { spmv, spmvTransposed, spmvSymmetricUpper, multiply, add, kron } from "./csc-products.js";
export { blockDiagTimes, crossprodBlockDiag, crossprod } from "./crossprod.js";
export { amdOrder, type AmdOptions } from "./amd.js";
export {
  type SymbolicCholesky,
  type AnalyseOptions,
  analyseCholesky,
  eliminationTree,
  postorder,
  inversePerm,
} from "./symbolic.js";
export {
  createFactor,
  factorNumeric,
  lSolve,
  ltSolve,
  solve,
  solveLtPermuted,
  solveMeanPlusNoise,
  logDet,
} from "./cholesky.js";
export { type AssemblyPlan, planAssembly, fillAssembly, scatterAdd } from "./assembly.js";
export {
  denseCholesky,
  denseCholeskyMeanPlusNoise,
  denseCholeskySolve,
  denseLogDetSpd,
  denseLogDetFromCholesky,
  denseSolveSpd,
  denseInverseSpd,
  denseSymmetrize,
  denseMultiply,
  denseMultiplyTransposed,
  denseLowerTimes,
} from "./dense.js";
