/**
 * Entry families: `can-cuoc.tre-em.duoi-6-tuoi` is a sub-entry of `can-cuoc.tre-em`. A family answers one
 * subject at different depths, so its members never compete with each other for the citizen's attention.
 */

/** True when `descendant` extends `ancestor` by one or more dotted segments. */
export function isAncestor(ancestor: string, descendant: string): boolean {
  return descendant.length > ancestor.length && descendant.startsWith(`${ancestor}.`);
}

/** True for the same entry, or when one id is an ancestor of the other. */
export function sameFamily(a: string, b: string): boolean {
  return a === b || isAncestor(a, b) || isAncestor(b, a);
}

/** True when `id` is `root` itself or one of its sub-entries: how an evaluation counts an answer as right. */
export function isWithin(id: string, root: string): boolean {
  return id === root || isAncestor(root, id);
}
