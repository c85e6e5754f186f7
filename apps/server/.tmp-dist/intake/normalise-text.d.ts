/** Cuts a string to at most `maxBytes` of UTF-8 without splitting a character. */
export declare function truncateUtf8(text: string, maxBytes: number): string;
/** Cuts a string to at most `max` UTF-16 units without leaving half a surrogate pair. */
export declare function truncateChars(text: string, max: number): string;
