// Fixed-effect columns dropped as non-estimable: MCMCglmm drops them with a warning ("some fixed
// effects are not estimable and have been removed"); here the warning names each dropped column
// and the kept columns it is a linear combination of, so the user sees what the model lost.

import { formatRNumber } from "../formula/print.js";
import type { AliasedColumn } from "../design.js";

function combination(aliases: AliasedColumn["aliases"], names: readonly string[]): string {
  return aliases
    .map(({ index, coef }, k) => {
      const c = Math.abs(coef);
      const sign = coef < 0 ? (k === 0 ? "-" : " - ") : k === 0 ? "" : " + ";
      const factor = Math.abs(c - 1) < 1e-9 ? "" : `${formatRNumber(Number(c.toPrecision(6)))}*`;
      return `${sign}${factor}${names[index]}`;
    })
    .join("");
}

/** One warning per dropped fixed-effect column, naming the columns it is aliased with. */
export function aliasingWarnings(dropped: readonly AliasedColumn[], names: readonly string[]): string[] {
  return dropped.map(({ index, aliases }) => {
    const name = names[index];
    if (aliases.length === 0) {
      return `fixed effect "${name}" is not estimable (it is zero in every row with an observed response) and has been removed, as MCMCglmm removes it`;
    }
    const list = aliases.map((a) => `"${names[a.index]}"`).join(", ");
    return (
      `fixed effect "${name}" is not estimable and has been removed, as MCMCglmm removes it: it is aliased with ${list} ` +
      `(${name} = ${combination(aliases, names)} over the rows with an observed response)`
    );
  });
}
