// The report's one number format, shared by the tables, the header and every axis: plain
// decimals in [1e-3, 1e5), otherwise scientific as "1.234e5" / "2e-4" (no "+", no padding),
// so a value reads the same in a table cell and on a tick.

import { log10 } from "../math/deterministic.js";

type Num = number | null | undefined;

function finite(x: Num): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

/** True when |x| is outside [1e-3, 1e5), where plain decimals get too long to read. */
export function needsExponent(x: number): boolean {
  return x !== 0 && (Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3);
}

/** x.toExponential(d) without the "+"; ticks also drop the mantissa's trailing zeros. */
function exponentForm(x: number, fractionDigits: number, trim = false): string {
  const [mantissa, exponent] = x.toExponential(fractionDigits).split("e");
  const m = trim && mantissa.includes(".") ? mantissa.replace(/0+$/, "").replace(/\.$/, "") : mantissa;
  return `${m}e${exponent.replace("+", "")}`;
}

/** `digits` significant digits, scientific outside [1e-3, 1e5); "NA" when not finite. */
export function formatNumber(x: Num, digits = 4): string {
  if (!finite(x)) return "NA";
  if (needsExponent(x)) return exponentForm(x, digits - 1);
  return x.toPrecision(digits);
}

/**
 * Labels for a set of ticks (evenly spaced, as d3's ticks()): the fewest digits that tell
 * every tick apart, scientific when the largest tick needs it (1e5-scale values as 1e5, 1.5e5).
 */
export function formatTicks(ticks: readonly number[]): string[] {
  if (ticks.length === 0) return [];
  const largest = Math.max(...ticks.map(Math.abs));
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : Math.abs(ticks[0]) || 1;
  if (needsExponent(largest) || needsExponent(step)) {
    const magnitude = Math.floor(log10(largest || step) + 1e-9);
    const digits = Math.max(0, Math.min(15, magnitude - Math.floor(log10(step) + 1e-9)));
    return ticks.map((t) => (t === 0 ? "0" : exponentForm(t, digits, true)));
  }
  const decimals = Math.max(0, -Math.floor(log10(step) + 1e-9));
  // a step like 0.25 needs one more decimal than its magnitude says
  const exact = (d: number) => ticks.every((t) => Math.abs(Number(t.toFixed(d)) - t) <= 1e-9 * Math.max(1, Math.abs(t)));
  let d = decimals;
  while (d < 15 && !exact(d)) d++;
  return ticks.map((t) => {
    const s = t.toFixed(d);
    return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
  });
}

/** Approximate width in pixels of a label in the plots' 10px sans-serif font. */
export function labelWidth(text: string, fontSize = 10): number {
  return text.length * fontSize * 0.6;
}
