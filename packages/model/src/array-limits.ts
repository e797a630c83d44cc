/**
 * The most scalar elements an arrayed model may flatten to (all its variables' elements together),
 * and so the most elements one dimension may list. Far beyond a practical model (World3 has ~1,000
 * variables, a 100,000-region model with five variables 500,000), it refuses a typo like a size of
 * 1e8 in a second instead of exhausting memory for minutes.
 */
export const MAX_FLAT_ELEMENTS = 10_000_000
