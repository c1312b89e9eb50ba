// A Newick tree parser (one rooted tree with branch lengths) into the numbering R's ape gives a
// `phylo` read by read.tree: tips 1..nTips in the order they appear in the text, internal nodes
// nTips+1.. in preorder (the root first), edges in preorder of their child (ape's "cladewise"
// order). MCMCglmm's inverseA orders and names nodes from that numbering, so we keep it.
//
// Grammar: tree := subtree [":" length] ";"; subtree := "(" subtree ("," subtree)* ")" [label]
// [":" length] | label [":" length]. Labels are unquoted (no whitespace or ()[]':;,) or single
// quoted ('' is a quote); [comments] are skipped. Every branch below the root needs a length.

import { DataError } from "../../errors.js";

export interface NewickTree {
  /** Tip labels, tip k (0-based) = ape's tip k+1. */
  readonly tipLabels: readonly string[];
  /** Internal node labels (null when unlabelled), node k (0-based) = ape's node nTips+k+1; node 0 is the root. */
  readonly nodeLabels: readonly (string | null)[];
  /** Edges in preorder of their child: parent and child in one index space (tips 0..nTips-1, then internal nodes). */
  readonly edgeParent: Int32Array;
  readonly edgeChild: Int32Array;
  readonly edgeLength: Float64Array;
  /** The root's own branch length (ape's root.edge), null when not given. */
  readonly rootLength: number | null;
}

interface RawNode {
  label: string | null;
  length: number | null;
  children: RawNode[];
  /** 0-based character position where the node starts (for messages). */
  position: number;
}

const DELIMITERS = new Set(["(", ")", ",", ":", ";", "[", "]", "'"]);

class Reader {
  position = 0;
  constructor(
    readonly text: string,
    readonly source: string,
  ) {}

  fail(message: string, at = this.position): never {
    throw new DataError(`${this.source}: ${message} at character ${at + 1}`);
  }

  /** Skips whitespace and [comments]. */
  skip(): void {
    for (;;) {
      while (this.position < this.text.length && /\s/.test(this.text[this.position])) this.position++;
      if (this.text[this.position] !== "[") return;
      const close = this.text.indexOf("]", this.position);
      if (close < 0) this.fail("unclosed comment '['");
      this.position = close + 1;
    }
  }

  peek(): string | undefined {
    this.skip();
    return this.text[this.position];
  }

  label(): string | null {
    const c = this.peek();
    if (c === "'") {
      let out = "";
      const start = this.position++;
      for (;;) {
        if (this.position >= this.text.length) this.fail("unclosed quoted label", start);
        const ch = this.text[this.position++];
        if (ch !== "'") out += ch;
        else if (this.text[this.position] === "'") (out += "'"), this.position++;
        else return out;
      }
    }
    const start = this.position;
    while (this.position < this.text.length) {
      const ch = this.text[this.position];
      if (DELIMITERS.has(ch) || /\s/.test(ch)) break;
      this.position++;
    }
    return this.position > start ? this.text.slice(start, this.position) : null;
  }

  branchLength(): number | null {
    if (this.peek() !== ":") return null;
    this.position++;
    this.skip();
    const start = this.position;
    const m = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(this.text.slice(start));
    if (m === null) this.fail("expected a branch length after ':'", start);
    this.position += m[0].length;
    return Number(m[0]);
  }

  subtree(): RawNode {
    const position = (this.skip(), this.position);
    const children: RawNode[] = [];
    if (this.peek() === "(") {
      this.position++;
      for (;;) {
        children.push(this.subtree());
        const c = this.peek();
        if (c === ",") {
          this.position++;
          continue;
        }
        if (c === ")") {
          this.position++;
          break;
        }
        if (c === undefined || c === ";") this.fail(`unbalanced parentheses: '(' opened at character ${position + 1} is never closed`);
        this.fail(`expected ',' or ')' but found '${c}'`);
      }
    }
    const label = this.label();
    if (children.length === 0 && label === null) {
      const c = this.peek();
      this.fail(c === undefined ? "unexpected end of the tree (a tip has no label)" : `a tip has no label (found '${c}')`, position);
    }
    const length = this.branchLength();
    return { label, length, children, position };
  }
}

/**
 * Parse one Newick tree. DataError naming `source` and the position or label at fault.
 *
 * @example
 * ```ts
 * const tree = parseNewick("((A:1,B:1):1,C:2);");
 * ```
 */
export function parseNewick(text: string, source = "tree"): NewickTree {
  const reader = new Reader(text, source);
  if (reader.peek() === undefined) throw new DataError(`${source}: the file holds no tree`);
  const root = reader.subtree();
  const end = reader.peek();
  if (end === ")") reader.fail("unbalanced parentheses: ')' closes nothing");
  if (end !== ";") reader.fail(end === undefined ? "the tree does not end with ';'" : `expected ';' but found '${end}'`, end === undefined ? text.length - 1 : reader.position);
  reader.position++;
  if (reader.peek() !== undefined) reader.fail("text after the tree's ';' (one tree per file)");
  if (root.children.length === 0) throw new DataError(`${source}: the tree is a single tip ("${root.label}"); a phylogeny needs at least two tips`);
  return number(root, source);
}

/** Ape's numbering (see the file comment), with labels and lengths checked. */
function number(root: RawNode, source: string): NewickTree {
  const tips: RawNode[] = [];
  const internal: RawNode[] = [];
  const preorder: RawNode[] = [];
  const visit = (node: RawNode): void => {
    preorder.push(node);
    if (node.children.length === 0) tips.push(node);
    else {
      internal.push(node);
      node.children.forEach(visit);
    }
  };
  visit(root);
  const index = new Map<RawNode, number>();
  tips.forEach((t, k) => index.set(t, k));
  internal.forEach((t, k) => index.set(t, tips.length + k));

  const seen = new Map<string, RawNode>();
  for (const node of [...tips, ...internal]) {
    if (node.label === null) continue;
    if (seen.has(node.label)) {
      throw new DataError(`${source}: label "${node.label}" appears twice (characters ${seen.get(node.label)!.position + 1} and ${node.position + 1}); tip and node labels must be unique (as MCMCglmm's inverseA requires; remove internal labels such as support values)`);
    }
    seen.set(node.label, node);
  }

  const nEdges = preorder.length - 1;
  const edgeParent = new Int32Array(nEdges);
  const edgeChild = new Int32Array(nEdges);
  const edgeLength = new Float64Array(nEdges);
  let e = 0;
  const walk = (node: RawNode): void => {
    for (const child of node.children) {
      if (child.length === null) {
        const what = child.label !== null ? `"${child.label}"` : `the internal node starting at character ${child.position + 1}`;
        throw new DataError(`${source}: the branch above ${what} has no length (branch lengths are required)`);
      }
      edgeParent[e] = index.get(node)!;
      edgeChild[e] = index.get(child)!;
      edgeLength[e++] = child.length;
      walk(child);
    }
  };
  walk(root);
  return {
    tipLabels: tips.map((t) => t.label!),
    nodeLabels: internal.map((n) => n.label),
    edgeParent,
    edgeChild,
    edgeLength,
    rootLength: root.length,
  };
}
