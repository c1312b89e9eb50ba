// VCV names of a full k x k structure, column-major as MCMCglmm's: "a:b.factor" for row a, column b.

export const matrixVcvNames = (_inner: string, coefs: readonly string[], factor: string): string[] =>
  coefs.flatMap((cj) => coefs.map((ci) => `${ci}:${cj}.${factor}`));
