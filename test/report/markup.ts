// A small well-formedness check for the SVG and HTML the report writes (no XML parser is a
// dependency): every `<` opens a proper tag, tags nest and close, every `&` starts an entity,
// attribute values are quoted, and no number in an attribute is NaN or Infinity.

const VOID_HTML = new Set(["meta", "br", "hr", "img", "input", "link"]);
const TAG = /^<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<>]*")*)\s*(\/?)>/;
const ATTR = /([\w:-]+)="([^"]*)"/g;
const ENTITY = /^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;

export interface MarkupCheck {
  errors: string[];
  /** names of the elements, in document order */
  elements: string[];
}

export function checkMarkup(text: string, opts: { html?: boolean } = {}): MarkupCheck {
  const errors: string[] = [];
  const elements: string[] = [];
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  if (opts.html) {
    if (!text.startsWith("<!DOCTYPE html>")) errors.push("no <!DOCTYPE html>");
    else i = "<!DOCTYPE html>".length;
  }
  while (i < text.length) {
    const ch = text[i];
    if (ch === "&") {
      if (!ENTITY.test(text.slice(i, i + 12))) errors.push(`bare & at ${i}: ${text.slice(i, i + 20)}`);
      i++;
      continue;
    }
    if (ch !== "<") {
      i++;
      continue;
    }
    const m = TAG.exec(text.slice(i));
    if (!m) {
      errors.push(`bad tag or bare < at ${i}: ${text.slice(i, i + 40)}`);
      i++;
      continue;
    }
    const [whole, closing, name, attrs, selfClosing] = m;
    for (const [, attr, value] of attrs.matchAll(ATTR)) {
      if (/NaN|Infinity/.test(value) && attr !== "aria-label") errors.push(`${name} ${attr}="${value}"`);
      if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(value)) errors.push(`bare & in ${name} ${attr}`);
    }
    if (closing) {
      const open = stack.pop();
      if (open !== name) errors.push(`</${name}> closes <${open ?? "nothing"}> at ${i}`);
    } else {
      elements.push(name);
      if (stack.length === 0) roots++;
      if (!selfClosing && !(opts.html && VOID_HTML.has(name.toLowerCase()))) stack.push(name);
    }
    i += whole.length;
  }
  if (stack.length > 0) errors.push(`unclosed: ${stack.join(" > ")}`);
  if (roots !== 1) errors.push(`${roots} root elements`);
  return { errors, elements };
}

/** The d attribute of every `<path class="series" ...>` (one polyline per chain). */
export function seriesPaths(svg: string): string[] {
  return [...svg.matchAll(/<path class="series" d="([^"]*)"/g)].map((m) => m[1]);
}

/** Points in a path: its M and L commands. */
export function pathPoints(d: string): number {
  return (d.match(/[ML]/g) ?? []).length;
}

/** The element text inside `<svg>...</svg>` blocks of an HTML document. */
export function svgBlocks(html: string): string[] {
  return [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
}
