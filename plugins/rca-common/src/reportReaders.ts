/**
 * Report entities carry their readers as a fixed number of slots in `spec.readers` (`r1`..`r8`):
 * a reader must hold one ref of every slot, `*` meaning anyone. Fixed slots let a permission
 * policy express "all namespaces readable" with the catalog's own `HAS_SPEC` rule, as database
 * filters. A report drawn from more distinct owner sets than there are slots is for admins only.
 *
 * @public
 */
export const RCA_REPORT_READER_SLOTS = 8;

/** @public */
export const RCA_REPORT_READERS_SPEC_KEY = 'readers';

/**
 * The `spec.readers` of a report entity. `readers` absent (a report made before reports recorded
 * them) or too many: one empty slot, so only admins see it.
 *
 * @public
 */
export function reportReaderSlots(
  readers: string[][] | undefined,
): Record<string, string[]> {
  const fits = readers && readers.length <= RCA_REPORT_READER_SLOTS;
  const slots: Record<string, string[]> = {};
  for (let i = 0; i < RCA_REPORT_READER_SLOTS; i++) {
    let slot = i === 0 ? [] : ['*'];
    if (fits) slot = readers[i] ?? ['*'];
    slots[`r${i + 1}`] = slot.map(r => r.toLowerCase());
  }
  return slots;
}
