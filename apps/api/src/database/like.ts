/** Portable LIKE patterns (used with ESCAPE '\'): user text never acts as a wildcard. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Case-insensitive "contains" against LOWER(column). */
export function likePattern(text: string): string {
  return `%${escapeLike(text.trim().toLowerCase())}%`;
}

/** Matches one exact element of a JSON string array stored as text. */
export function tagPattern(tag: string): string {
  return `%${escapeLike(JSON.stringify(tag.trim()))}%`;
}
