/**
 * A thin, structural view of the trees that `cheerio/slim` (htmlparser2) builds, plus walkers that never
 * recurse: scraped documents can nest thousands of levels deep and must not blow the call stack.
 */
import { load } from "cheerio/slim";

export interface DomNode {
  type: string;
  parent: DomNode | null;
  /** Present on text, comment and CDATA-content nodes. */
  data?: string;
}

export interface DomElement extends DomNode {
  type: "tag" | "script" | "style";
  name: string;
  attribs: Record<string, string>;
  children: DomNode[];
}

export interface DomParent extends DomNode {
  children: DomNode[];
}

export function isElement(node: DomNode): node is DomElement {
  return node.type === "tag" || node.type === "script" || node.type === "style";
}

function hasChildren(node: DomNode): node is DomParent {
  return Array.isArray((node as DomParent).children);
}

export function childrenOf(node: DomNode): DomNode[] {
  return hasChildren(node) ? node.children : [];
}

/** Parses HTML leniently; the root's children are the top-level nodes. */
export function parseHtml(html: string): DomParent {
  return load(html).root()[0] as unknown as DomParent;
}

/**
 * Parses XML leniently (unknown entities stay literal, bad nesting is tolerated). Tag names keep their
 * case and prefixes, e.g. `dc:creator`.
 */
export function parseXml(xml: string): DomParent {
  return load(xml, { xml: { xmlMode: true, decodeEntities: true, recognizeCDATA: true } }).root()[0] as unknown as DomParent;
}

/**
 * Depth-first, document-order visit of every node under `root` (not `root` itself). `visit` returns
 * false to skip a node's subtree.
 */
export function walk(root: DomNode, visit: (node: DomNode) => boolean | void): void {
  const stack: DomNode[] = [];
  const top = childrenOf(root);
  for (let i = top.length - 1; i >= 0; i--) stack.push(top[i]);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (visit(node) === false) continue;
    const kids = childrenOf(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
}

/** Concatenated character data under `node`, markup ignored (like DOM `textContent`). */
export function textContent(node: DomNode): string {
  if (node.type === "text") return node.data ?? "";
  let out = "";
  walk(node, (n) => {
    if (n.type === "text") out += n.data ?? "";
    else if (n.type === "comment") return false;
  });
  return out;
}
