// The transcendental functions every computation behind draws and summaries uses, instead of
// Math.exp, Math.log, Math.pow, Math.sin, ...: ECMAScript leaves those "implementation-approximated",
// and engines differ in the last bit (Node 20's V8 and Chromium's V8 for ~1-10% of arguments), so a
// chain's draws would differ between them. These are ports of fdlibm / FreeBSD msun written with
// + - * /, Math.sqrt, Math.abs and bit access only, which the standard specifies exactly: the same
// bits in every engine, each within 1 ulp of the exact value (cosh: 1.05; measured against mpmath). test/math/no-raw-math.test.ts keeps
// raw calls out of the code that can change draws or summary numbers.

export { exp, expm1 } from "./exp.js";
export { log, log1p, log2, log10 } from "./log.js";
export { pow } from "./pow.js";
export { sin, cos, tan } from "./trig.js";
export { tanh, cosh, atanh } from "./hyperbolic.js";
export { hypot, euclideanNorm } from "./hypot.js";
