/**
 * Working arrays kept between calls, one per purpose and thread. On these machines the first
 * touch of fresh memory costs about 12 µs a page, so a new typed array of a megabyte costs more
 * than most of the work done in it (a palette PNG's band rows, a WebP's search, a coverage
 * grid). Each keeps its largest array up to a byte cap; bigger requests get arrays of their
 * own, left to the collector. Calls must not overlap (the render paths are synchronous).
 */

/** What a kept array must offer: its size, and a view of its start. */
interface Sliceable<T> {
  readonly length: number;
  readonly byteLength: number;
  subarray(start: number, end: number): T;
}

/**
 * A function returning an array of `length` elements, reused when one kept from an earlier
 * call is big enough. Its contents are whatever the last user left: clear what must be zero.
 * `make` allocates; arrays up to `keepBytes` are kept, grown to at least `minLength`.
 */
export function scratchArray<T extends Sliceable<T>>(
  make: (length: number) => T,
  keepBytes: number,
  minLength = 0,
): (length: number) => T {
  let kept: T | undefined;
  return (length) => {
    if (kept && kept.length >= length) return kept.subarray(0, length);
    const fresh = make(Math.max(length, minLength));
    if (fresh.byteLength > keepBytes) return fresh.subarray(0, length);
    kept = fresh;
    return fresh.subarray(0, length);
  };
}
