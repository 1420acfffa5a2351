// Vietnamese collation: a ă â b c d đ e ê … o ô ơ … u ư …; tone marks are a secondary
// difference (ngang, huyền, hỏi, ngã, sắc, nặng), case tertiary; numbers compare by value.

const collator = new Intl.Collator('vi', { sensitivity: 'variant', numeric: true });

/** Compare two strings in Vietnamese dictionary order (for Array.prototype.sort); null/undefined sort as ''. */
export function viCompare(a: string | null | undefined, b: string | null | undefined): number {
  return collator.compare((a ?? '').normalize('NFC'), (b ?? '').normalize('NFC'));
}

/** A sorted copy of `items` in Vietnamese order, by the item itself or by `key(item)`. */
export function viSort<T>(items: readonly T[], key?: (item: T) => string): T[] {
  const keyOf = key ?? ((item: T) => String(item));
  return items
    .map((item) => ({ item, k: keyOf(item).normalize('NFC') }))
    .sort((x, y) => collator.compare(x.k, y.k))
    .map((x) => x.item);
}
