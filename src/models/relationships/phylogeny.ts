// The inverse phylogenetic covariance matrix of a tree, as MCMCglmm's inverseA(tree) builds it
// (Hadfield & Nakagawa 2010, J. Evol. Biol. 23:494): every node below the root is a "individual"
// whose value is its parent's plus an independent change with variance equal to its branch
// length (the root is fixed at 0). So with P the parent incidence and D the branch lengths,
// A^-1 = (I - P)' D^-1 (I - P): diagonal 1/b_i + sum over children c of 1/b_c, and -1/b_i between
// a node and its parent. Tip covariances are then the branch length shared from the root.
//
// MCMCglmm's conventions, kept so levels and names match its output:
// - nodes in this order: the root's internal children (in edge order), the other internal nodes
//   by ape number, the root's tip children, the other tips by ape number; the root is dropped;
// - internal nodes are named by their Newick label or, unlabelled, "Node<k>" with k their ape
//   number minus the number of tips (ape's makeNodeLabel; the root is Node1);
// - scale = TRUE divides branch lengths by the root-to-tip distance (the tree must be
//   ultrametric: (max - min) / max of the root-to-tip distances within sqrt(machine eps));
// - nodes = "TIPS" gives the dense inverse of the tips' covariance, tips in the order above.

import { DataError } from "../../errors.js";
import { cscFromTriplets, fromDense } from "../../linalg/csc.js";
import { denseInverseSpd } from "../../linalg/dense.js";
import type { Relationship } from "../structures/build-term.js";
import type { NewickTree } from "./newick.js";

export interface PhylogenyOptions {
  /** "ALL": tips and internal nodes (sparse; default); "TIPS": tips only (dense). */
  readonly nodes?: "ALL" | "TIPS";
  /** Scale the tree to unit root-to-tip height (default true; the tree must be ultrametric). */
  readonly scale?: boolean;
}

/** R's .Machine$double.eps^0.5, ape's is.ultrametric tolerance. */
const ULTRAMETRIC_TOLERANCE = Math.sqrt(Number.EPSILON);

/** Node names in the tree's index space: tips, then internal nodes (Newick label or "Node<k>"). */
export function nodeNames(tree: NewickTree, source = "tree"): string[] {
  const names = [...tree.tipLabels, ...tree.nodeLabels.map((l, k) => l ?? `Node${k + 1}`)];
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new DataError(`${source}: node name "${name}" is used twice (unlabelled internal nodes are named Node1, Node2, ...)`);
    seen.add(name);
  }
  return names;
}

/** Distance from the root to every node (tips, then internal nodes), unscaled. */
export function rootDistances(tree: NewickTree): Float64Array {
  const depth = new Float64Array(tree.tipLabels.length + tree.nodeLabels.length);
  // Edges are in preorder, so a parent's depth is known before its children's.
  for (let e = 0; e < tree.edgeChild.length; e++) depth[tree.edgeChild[e]] = depth[tree.edgeParent[e]] + tree.edgeLength[e];
  return depth;
}

/** Checks MCMCglmm's inverseA asks of a tree: rooted, positive branch lengths, ultrametric when scaled. */
function checkTree(tree: NewickTree, names: readonly string[], scale: boolean, source: string): void {
  const nTips = tree.tipLabels.length;
  const rootDegree = tree.edgeParent.reduce((s, p) => s + (p === nTips ? 1 : 0), 0);
  if (rootDegree > 2 && tree.rootLength === null) {
    throw new DataError(
      `${source}: the tree is unrooted (its root has ${rootDegree} children and no root branch length); ` +
        "root it (MCMCglmm's inverseA requires a rooted tree)",
    );
  }
  for (let e = 0; e < tree.edgeLength.length; e++) {
    if (!(tree.edgeLength[e] >= 1e-16)) {
      throw new DataError(`${source}: the branch above "${names[tree.edgeChild[e]]}" has length ${tree.edgeLength[e]}; branch lengths must be positive`);
    }
  }
  if (!scale) return;
  const depth = rootDistances(tree);
  let min = Infinity;
  let max = -Infinity;
  for (let t = 0; t < nTips; t++) (min = Math.min(min, depth[t])), (max = Math.max(max, depth[t]));
  if ((max - min) / max > ULTRAMETRIC_TOLERANCE) {
    throw new DataError(
      `${source}: the tree is not ultrametric (root-to-tip distances from ${min} to ${max}), so it cannot be scaled ` +
        'to unit height; set "phylogeny": {"scale": false} to use the branch lengths as they are',
    );
  }
}

/**
 * MCMCglmm's node order: edge positions sorted by the key (parent is not the root) * child +
 * 1e10 * (child is a tip), stably (R's order), with ape's 1-based numbers in the key.
 */
function inverseAOrder(tree: NewickTree): number[] {
  const nTips = tree.tipLabels.length;
  const key = (e: number): number => {
    const child = tree.edgeChild[e]; // ape's number is child + 1 (tips 1..n, then the internal nodes)
    return (tree.edgeParent[e] !== nTips ? child + 1 : 0) + (child < nTips ? 1e10 : 0);
  };
  const edges = Array.from({ length: tree.edgeChild.length }, (_, e) => e);
  return edges.sort((a, b) => key(a) - key(b) || a - b);
}

/** The pedigree-like view of a tree: nodes in MCMCglmm's order with their (scaled) branch lengths and parents. */
export interface PhylogenyPedigree {
  /** Node names, root dropped, in MCMCglmm's order. */
  readonly names: readonly string[];
  /** Branch length above each node (scaled when asked). */
  readonly lengths: Float64Array;
  /** Position of each node's parent in `names`, -1 for the root's children. */
  readonly parents: Int32Array;
  /** Positions of the tips in `names`. */
  readonly tips: readonly number[];
}

/**
 * The tree as a pedigree of nodes (MCMCglmm's inverseA node order), branch lengths scaled to unit height unless scale is false.
 *
 * @example
 * ```ts
 * const ped = phylogenyPedigree(parseNewick("((A:1,B:1):1,C:2);"));
 * ```
 */
export function phylogenyPedigree(tree: NewickTree, scale = true, source = "tree"): PhylogenyPedigree {
  const all = nodeNames(tree, source);
  checkTree(tree, all, scale, source);
  const nTips = tree.tipLabels.length;
  const order = inverseAOrder(tree);
  const position = new Map<number, number>();
  order.forEach((e, k) => position.set(tree.edgeChild[e], k));
  const lengths = Float64Array.from(order, (e) => tree.edgeLength[e]);
  const parents = Int32Array.from(order, (e) => position.get(tree.edgeParent[e]) ?? -1);
  if (scale) {
    // MCMCglmm's height: the path from the last node in the order (a tip) up to the root.
    let height = 0;
    for (let k = order.length - 1; k >= 0; k = parents[k]) height += lengths[k];
    for (let k = 0; k < lengths.length; k++) lengths[k] /= height;
  }
  const names = order.map((e) => all[tree.edgeChild[e]]);
  const tips = order.flatMap((e, k) => (tree.edgeChild[e] < nTips ? [k] : []));
  return { names, lengths, parents, tips };
}

/**
 * Covariance of the tips (in `ped.tips` order): the branch length they share from the root.
 *
 * @example
 * ```ts
 * const V = tipCovariance(phylogenyPedigree(parseNewick("((A:1,B:1):1,C:2);"))); // shared branch lengths, tips x tips
 * ```
 */
export function tipCovariance(ped: PhylogenyPedigree): Float64Array {
  const n = ped.tips.length;
  const C = new Float64Array(n * n);
  // Every tip's path to the root; C[i][j] = sum of lengths on both paths.
  const onPath = new Uint8Array(ped.names.length);
  const path = (k: number): number[] => {
    const out: number[] = [];
    for (let a = k; a >= 0; a = ped.parents[a]) out.push(a);
    return out;
  };
  const paths = ped.tips.map(path);
  for (let i = 0; i < n; i++) {
    for (const a of paths[i]) onPath[a] = 1;
    for (let j = 0; j <= i; j++) {
      let shared = 0;
      for (const a of paths[j]) if (onPath[a]) shared += ped.lengths[a];
      C[i * n + j] = shared;
      C[j * n + i] = shared;
    }
    for (const a of paths[i]) onPath[a] = 0;
  }
  return C;
}

/**
 * MCMCglmm's inverseA(tree, nodes, scale)$Ainv with its row names, as a Relationship.
 *
 * @example
 * ```ts
 * const { levels, Ainv } = phylogenyInverse(parseNewick("((A:1,B:1):1,C:2);"), { nodes: "ALL", scale: true });
 * ```
 */
export function phylogenyInverse(tree: NewickTree, options: PhylogenyOptions = {}, source = "tree"): Relationship {
  const nodes = options.nodes ?? "ALL";
  if (nodes !== "ALL" && nodes !== "TIPS") throw new DataError(`${source}: phylogeny nodes must be "ALL" or "TIPS", got ${JSON.stringify(nodes)}`);
  const ped = phylogenyPedigree(tree, options.scale ?? true, source);
  if (nodes === "TIPS") {
    const n = ped.tips.length;
    return { levels: ped.tips.map((k) => ped.names[k]), Ainv: fromDense(denseInverseSpd(tipCovariance(ped), n), n, n) };
  }
  const m = ped.names.length;
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  for (let k = 0; k < m; k++) {
    const w = 1 / ped.lengths[k];
    rows.push(k), cols.push(k), vals.push(w);
    const p = ped.parents[k];
    if (p < 0) continue;
    rows.push(p, k, p), cols.push(p, p, k), vals.push(w, -w, -w);
  }
  return { levels: ped.names, Ainv: cscFromTriplets(m, m, rows, cols, vals) };
}
