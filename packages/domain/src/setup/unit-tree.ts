// The unit tree (a bureau and its sub-units): a move must not put a unit under itself or one
// of its own descendants, which would cut that branch off the tree.
export function wouldCreateLoop(
  parentOf: ReadonlyMap<string, string | null>,
  unitId: string,
  newParentId: string | null,
): boolean {
  const seen = new Set<string>();
  for (let at = newParentId; at !== null; at = parentOf.get(at) ?? null) {
    if (at === unitId || seen.has(at)) return true;
    seen.add(at);
  }
  return false;
}
