import { viCompare } from './vn';

export interface Flat {
  id: string;
  parentId: string | null;
  name: string;
  sortOrder?: number;
}

export interface TreeNode<T extends Flat> {
  item: T;
  children: TreeNode<T>[];
}

function byOrder<T extends Flat>(a: TreeNode<T>, b: TreeNode<T>): number {
  return (a.item.sortOrder ?? 0) - (b.item.sortOrder ?? 0) || viCompare(a.item.name, b.item.name);
}

/** Builds the tree from a flat list; items whose parent is missing become roots. Siblings by sortOrder, then Vietnamese name order. */
export function buildTree<T extends Flat>(items: readonly T[]): TreeNode<T>[] {
  const nodes = new Map<string, TreeNode<T>>(items.map((i) => [i.id, { item: i, children: [] }]));
  const roots: TreeNode<T>[] = [];
  for (const n of nodes.values()) {
    const parent = n.item.parentId ? nodes.get(n.item.parentId) : undefined;
    if (parent && parent !== n) parent.children.push(n);
    else roots.push(n);
  }
  const sort = (list: TreeNode<T>[]) => {
    list.sort(byOrder);
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** The id and every descendant id of `id` (a unit cannot move under itself). */
export function subtreeIds<T extends Flat>(items: readonly T[], id: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const i of items) if (i.parentId) children.set(i.parentId, [...(children.get(i.parentId) ?? []), i.id]);
  const out = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const cur = stack.pop()!;
    if (out.has(cur)) continue;
    out.add(cur);
    stack.push(...(children.get(cur) ?? []));
  }
  return out;
}

/** Depth-first list with depth, for indented selects. */
export function flattenTree<T extends Flat>(roots: TreeNode<T>[], depth = 0): { item: T; depth: number }[] {
  return roots.flatMap((n) => [{ item: n.item, depth }, ...flattenTree(n.children, depth + 1)]);
}
