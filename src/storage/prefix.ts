/**
 * Above every character: in the C collation `x >= p and x < p || PREFIX_END` is "x starts with p",
 * written as a range an index on x walks.
 */
export const PREFIX_END = '\u{10FFFF}';
