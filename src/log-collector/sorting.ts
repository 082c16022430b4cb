// The order of everything the log engine renders from a map or a set: by UTF-16 code unit,
// as `<` compares strings, so that the output does not depend on insertion order or locale.

/** Compares two strings by code unit. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A sorted copy of a string map's entries. */
export function sortedEntries<T>(map: { [key: string]: T } | undefined): Array<[string, T]> {
  return Object.entries(map ?? {}).sort(([a], [b]) => compareStrings(a, b));
}
