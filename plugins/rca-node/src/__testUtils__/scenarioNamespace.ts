/** The namespace every evaluation and test scenario runs in. */
export const NS = 'shop';
