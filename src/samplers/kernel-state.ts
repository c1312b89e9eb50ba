// What a kernel carries from one iteration to the next besides the chain state: adapted proposal
// scales and shapes (tuned in burn-in). A checkpoint saves it through the kernel's optional
// saveState()/restoreState() pair, so a resumed chain proposes exactly what it would have.

/** A kernel's carried state: numbers, copies of its arrays, nested parts (null where none). */
export interface KernelState {
  readonly [key: string]: number | Float64Array | KernelState | readonly (KernelState | null)[] | null;
}

/** The hooks of a kernel (or of a part of one) that carries state across iterations. */
export interface Tunable {
  /** A copy of the carried state. */
  saveState?(): KernelState;
  /** Puts back what saveState returned (on a kernel built for the same model and prior). */
  restoreState?(saved: KernelState): void;
}

function entry(saved: KernelState, key: string): unknown {
  if (!(key in saved)) throw new RangeError(`checkpoint: kernel state has no "${key}" (saved by another version?)`);
  return saved[key];
}

/** A saved number. */
export function savedNumber(saved: KernelState, key: string): number {
  const v = entry(saved, key);
  if (typeof v !== "number") throw new RangeError(`checkpoint: kernel state "${key}" is not a number`);
  return v;
}

/** Copies a saved array into `target` (same length). */
export function restoreArray(target: Float64Array, saved: KernelState, key: string): void {
  const v = entry(saved, key);
  if (!(v instanceof Float64Array) || v.length !== target.length) throw new RangeError(`checkpoint: kernel state "${key}" does not match the model`);
  target.set(v);
}

/** A saved nested part. */
export function savedPart(saved: KernelState, key: string): KernelState {
  const v = entry(saved, key);
  if (typeof v !== "object" || v === null || v instanceof Float64Array || Array.isArray(v)) throw new RangeError(`checkpoint: kernel state "${key}" is not a part`);
  return v as KernelState;
}

/** Saved states of a list of parts (null where a part carries nothing). */
export function savedParts(saved: KernelState, key: string, count: number): readonly (KernelState | null)[] {
  const v = entry(saved, key);
  if (!Array.isArray(v) || v.length !== count) throw new RangeError(`checkpoint: kernel state "${key}" does not match the model`);
  return v as (KernelState | null)[];
}
