// Newick parsing and MCMCglmm's inverseA(tree): exact checks against hand-worked trees and a
// dense covariance (branch length shared from the root) computed independently here.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inverse, Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { DataError, ModelSpecError } from "../../src/errors.js";
import { toDense, type Csc } from "../../src/linalg/csc.js";
import { loadRelationships } from "../../src/io/spec-file.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import { parseNewick } from "../../src/models/relationships/newick.js";
import { phylogenyInverse } from "../../src/models/relationships/phylogeny.js";

const BIRDS = readFileSync(join(import.meta.dirname, "..", "fixtures", "reference", "M16_phylo_birds", "tree.nwk"), "utf8");

interface TextNode {
  label: string;
  length: number;
  children: TextNode[];
}

/** A deliberately simple recursive reader (no comments, quotes or whitespace) for the test's own trees. */
function readTree(newick: string): TextNode {
  let pos = 0;
  const node = (): TextNode => {
    const children: TextNode[] = [];
    if (newick[pos] === "(") {
      do {
        pos++;
        children.push(node());
      } while (newick[pos] === ",");
      pos++; // ')'
    }
    const m = /^([^:,();]*)(?::([^,();]+))?/.exec(newick.slice(pos))!;
    pos += m[0].length;
    return { label: m[1], length: m[2] === undefined ? 0 : Number(m[2]), children };
  };
  return node();
}

/**
 * Tip covariance the slow, obvious way: every tip's list of ancestors with their distance from
 * the root; C[i][j] = distance of the deepest ancestor the two share (the root's is 0).
 */
function denseTipCovariance(newick: string, scale: boolean): { tips: string[]; C: number[][] } {
  const tips: { label: string; ancestors: Map<TextNode, number>; depth: number }[] = [];
  const walk = (n: TextNode, depth: number, ancestors: Map<TextNode, number>): void => {
    if (n.children.length === 0) tips.push({ label: n.label, ancestors, depth });
    const mine = new Map(ancestors).set(n, depth);
    for (const c of n.children) walk(c, depth + c.length, mine);
  };
  walk(readTree(newick), 0, new Map());
  const height = scale ? tips[0].depth : 1; // ultrametric when scaled: any tip's depth
  const C = tips.map((a) =>
    tips.map((b) => {
      if (a === b) return a.depth / height;
      let shared = 0;
      for (const [n, d] of a.ancestors) if (b.ancestors.has(n)) shared = Math.max(shared, d);
      return shared / height;
    }),
  );
  return { tips: tips.map((t) => t.label), C };
}

function dense(A: Csc): Matrix {
  const d = toDense(A);
  return new Matrix(Array.from({ length: A.nrow }, (_, i) => Array.from(d.subarray(i * A.ncol, (i + 1) * A.ncol))));
}

function maxAbsDiff(a: number[][], b: number[][]): number {
  let m = 0;
  a.forEach((row, i) => row.forEach((x, j) => (m = Math.max(m, Math.abs(x - b[i][j])))));
  return m;
}

/** Our matrix's rows and columns for `names`, as a dense array. */
function block(M: Matrix, levels: readonly string[], names: readonly string[]): number[][] {
  const at = names.map((n) => levels.indexOf(n));
  expect(at.every((k) => k >= 0)).toBe(true);
  return at.map((i) => at.map((j) => M.get(i, j)));
}

describe("parseNewick", () => {
  it("numbers tips in text order, internal nodes in preorder and edges in preorder (ape's read.tree)", () => {
    const t = parseNewick("((A:1,B:1)ab:1,(C:0.5,'D x':0.5):1.5)root;");
    expect(t.tipLabels).toEqual(["A", "B", "C", "D x"]);
    expect(t.nodeLabels).toEqual(["root", "ab", null]);
    // indices: tips 0..3, root 4, ab 5, (C,D) 6
    expect(Array.from(t.edgeParent)).toEqual([4, 5, 5, 4, 6, 6]);
    expect(Array.from(t.edgeChild)).toEqual([5, 0, 1, 6, 2, 3]);
    expect(Array.from(t.edgeLength)).toEqual([1, 1, 1, 1.5, 0.5, 0.5]);
    expect(t.rootLength).toBeNull();
  });

  it("skips whitespace and [comments] and reads exponents and a root length", () => {
    const t = parseNewick(" ( A : 1e-1 [note] , B:0.1 ) : 2 ;\n");
    expect(t.tipLabels).toEqual(["A", "B"]);
    expect(Array.from(t.edgeLength)).toEqual([0.1, 0.1]);
    expect(t.rootLength).toBe(2);
  });

  const bad: [string, string, RegExp][] = [
    ["an unclosed parenthesis", "((A:1,B:1):1,C:2;", /unbalanced parentheses: '\(' opened at character 1 is never closed/],
    ["an extra ')'", "((A:1,B:1):1,C:2));", /unbalanced parentheses: '\)' closes nothing at character 18/],
    ["a missing branch length", "((A:1,B):1,C:2);", /branch above "B" has no length/],
    ["a missing internal branch length", "((A:1,B:1),C:2);", /internal node starting at character 2 has no length/],
    ["a duplicate tip label", "((A:1,A:1):1,C:2);", /label "A" appears twice \(characters 3 and 7\)/],
    ["a missing tip label", "((A:1,:1):1,C:2);", /a tip has no label \(found ':'\) at character 7/],
    ["no final ';'", "((A:1,B:1):1,C:2)", /does not end with ';'/],
    ["two trees", "(A:1,B:1);(A:1,B:1);", /one tree per file/],
    ["a bad branch length", "(A:x,B:1);", /expected a branch length after ':' at character 4/],
  ];
  it.each(bad)("rejects %s with a DataError naming the position or label", (_, text, message) => {
    expect(() => parseNewick(text, "t.nwk")).toThrow(DataError);
    expect(() => parseNewick(text, "t.nwk")).toThrow(message);
    expect(() => parseNewick(text, "t.nwk")).toThrow(/^t\.nwk: /);
  });
});

describe("phylogenyInverse (MCMCglmm's inverseA)", () => {
  it("orders and names nodes as MCMCglmm and builds (I - P)' D^-1 (I - P) on a hand-worked tree", () => {
    // ape: A=1, B=2, C=3, root=4 (Node1), (A,B)=5 (Node2). Height 2, so lengths halve.
    const rel = phylogenyInverse(parseNewick("((A:1,B:1):1,C:2);"));
    expect(rel.levels).toEqual(["Node2", "C", "A", "B"]);
    expect(dense(rel.Ainv).to2DArray()).toEqual([
      [6, 0, -2, -2],
      [0, 1, 0, 0],
      [-2, 0, 2, 0],
      [-2, 0, 0, 2],
    ]);
    const tips = phylogenyInverse(parseNewick("((A:1,B:1):1,C:2);"), { nodes: "TIPS" });
    expect(tips.levels).toEqual(["C", "A", "B"]);
    const C = inverse(dense(tips.Ainv)).to2DArray();
    expect(maxAbsDiff(C, [[1, 0, 0], [0, 1, 0.5], [0, 0.5, 1]])).toBeLessThan(1e-12);
  });

  it("puts the root's internal children first, other internal nodes by ape number, root tips before other tips", () => {
    // ape: A=1, B=2, E=3, C=4, D=5; root=6 (Node1), ((A,B),E)=7, (A,B)=8, (C,D)=9: Node4 is the root's child
    const a = phylogenyInverse(parseNewick("(((A:1,B:1):1,E:2):1,(C:1,D:1):2);"));
    expect(a.levels).toEqual(["Node2", "Node4", "Node3", "A", "B", "E", "C", "D"]);
    // ape: A=1, B=2, C=3, X=4; the root's tip X comes before the other tips
    const b = phylogenyInverse(parseNewick("(((A:1,B:1):1,C:2):1,X:3);"));
    expect(b.levels).toEqual(["Node2", "Node3", "X", "A", "B", "C"]);
  });

  for (const scale of [true, false]) {
    it(`bird families (137 tips${scale ? ", scaled" : ""}): the tips block of inv(Ainv ALL) and inv(Ainv TIPS) equal the tip covariance (1e-10)`, () => {
      const tree = parseNewick(BIRDS);
      const all = phylogenyInverse(tree, { scale });
      const tips = phylogenyInverse(tree, { nodes: "TIPS", scale });
      expect(all.levels.length).toBe(271); // 137 tips + 135 internal nodes - the root (one trichotomy)
      expect(tips.levels.length).toBe(137);
      const { tips: names, C } = denseTipCovariance(BIRDS, scale);
      const fromAll = block(inverse(dense(all.Ainv)), all.levels, names);
      const fromTips = block(inverse(dense(tips.Ainv)), tips.levels, names);
      expect(maxAbsDiff(fromAll, C)).toBeLessThan(1e-10);
      expect(maxAbsDiff(fromTips, C)).toBeLessThan(1e-10);
      if (scale) for (let i = 0; i < names.length; i++) expect(Math.abs(C[i][i] - 1)).toBeLessThan(1e-12);
      // sparse: each node has its diagonal plus one entry per parent/child link
      expect(all.Ainv.colPtr[all.Ainv.ncol]).toBe(271 + 2 * (271 - 2));
    });
  }

  it("rejects what inverseA rejects: non-ultrametric trees when scaling, unrooted trees, zero branches, duplicate node names", () => {
    expect(() => phylogenyInverse(parseNewick("((A:1,B:2):1,C:2);"), {}, "t.nwk")).toThrow(/not ultrametric .*"scale": false/);
    expect(() => phylogenyInverse(parseNewick("((A:1,B:2):1,C:2);"), { scale: false })).not.toThrow();
    expect(() => phylogenyInverse(parseNewick("(A:1,B:1,C:1);"))).toThrow(/unrooted/);
    expect(() => phylogenyInverse(parseNewick("(A:1,B:1,C:1):0;"))).not.toThrow();
    expect(() => phylogenyInverse(parseNewick("((A:1,B:1):0,C:1);"))).toThrow(/branch above "Node2" has length 0/);
    expect(() => phylogenyInverse(parseNewick("((A:1,B:1):1,Node2:2);"))).toThrow(/"Node2" is used twice/);
  });
});

describe("trees in a spec", () => {
  const dir = mkdtempSync(join(tmpdir(), "mcglmm-tree-"));
  writeFileSync(join(dir, "tree.nwk"), "((A:1,B:1):1,(C:1.5,D:1.5):0.5);");
  writeFileSync(join(dir, "tree.tre"), "((A:1,B:1):1,(C:1.5,D:1.5):0.5);");
  const spec = { fixed: "y ~ 1" };

  it("reads ginverse and pedigree files ending .nwk/.tre/.newick as trees, with the phylogeny options", () => {
    const g = loadRelationships({ ...spec, ginverse: { phylo: "tree.nwk" } }, dir);
    expect(g.phylo.levels).toEqual(["Node2", "Node3", "A", "B", "C", "D"]);
    const p = loadRelationships({ ...spec, pedigree: "tree.tre", phylogeny: { nodes: "TIPS", scale: false } }, dir);
    expect(p.animal.levels).toEqual(["A", "B", "C", "D"]);
    expect(inverse(dense(p.animal.Ainv)).get(0, 1)).toBeCloseTo(1, 12); // unscaled: A and B share 1
    expect(() => loadRelationships({ ...spec, pedigree: "tree.tre", phylogeny: { nodes: "tips" as "TIPS" } }, dir)).toThrow(ModelSpecError);
    expect(() => loadRelationships({ ...spec, phylogeny: {} }, dir)).toThrow(/no pedigree or ginverse file is a tree/);
  });

  it("names data species absent from the tree", () => {
    const rel = loadRelationships({ ...spec, ginverse: { phylo: "tree.nwk" } }, dir);
    const data = frameFromRows([{ y: 1, phylo: "A" }, { y: 2, phylo: "Zebra" }, { y: 3, phylo: "C" }]);
    expect(() => buildModel({ fixed: "y ~ 1", random: "~phylo" }, data, { ginverse: rel })).toThrow(/"phylo".*Zebra/);
    const ok = frameFromRows([{ y: 1, phylo: "A" }, { y: 2, phylo: "D" }, { y: 3, phylo: "C" }]);
    const model = buildModel({ fixed: "y ~ 1", random: "~phylo" }, ok, { ginverse: rel });
    expect(model.randomNames).toEqual(["phylo.Node2", "phylo.Node3", "phylo.A", "phylo.B", "phylo.C", "phylo.D"]);
  });
});

describe("random trees (property)", () => {
  /** A random rooted tree with polytomies, as Newick; ultrametric when asked (tips padded to a common height). */
  function randomTree(seed: number, nTips: number, ultrametric: boolean): string {
    let s = seed >>> 0;
    const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    let next = 0;
    const build = (tips: number, depth: number, height: number): string => {
      if (tips === 1) return `t${next++}:${String(ultrametric ? height - depth : 0.1 + rand())}`;
      const k = Math.min(tips, 2 + Math.floor(rand() * 2.2)); // 2, 3 or 4 children
      const sizes = Array.from({ length: k }, () => 1);
      for (let r = tips - k; r > 0; r--) sizes[Math.floor(rand() * k)]++;
      const edge = ultrametric ? Math.max(1e-3, (height - depth) * (0.1 + 0.4 * rand())) : 0.1 + rand();
      return `(${sizes.map((m) => build(m, depth + edge, height)).join(",")}):${String(edge)}`;
    };
    const sizes = [1 + Math.floor(rand() * (nTips - 1))];
    sizes.push(nTips - sizes[0]);
    return `(${sizes.map((m) => build(m, 0, 10)).join(",")});`;
  }

  it("for 30 random trees (2-40 tips, polytomies): inv(Ainv ALL) tips block = inv(Ainv TIPS) = shared branch length (1e-10)", () => {
    for (let seed = 1; seed <= 30; seed++) {
      const ultrametric = seed % 2 === 0;
      const text = randomTree(seed, 2 + (seed * 7) % 39, ultrametric);
      const tree = parseNewick(text);
      const scale = ultrametric;
      const all = phylogenyInverse(tree, { scale });
      const tips = phylogenyInverse(tree, { nodes: "TIPS", scale });
      const { tips: names, C } = denseTipCovariance(text, scale);
      expect(maxAbsDiff(block(inverse(dense(all.Ainv)), all.levels, names), C), text).toBeLessThan(1e-10 * Math.max(1, ...C.map((r) => Math.max(...r))));
      expect(maxAbsDiff(block(inverse(dense(tips.Ainv)), tips.levels, names), C), text).toBeLessThan(1e-10 * Math.max(1, ...C.map((r) => Math.max(...r))));
    }
  });
});
