/**
 * User-part masking as it was written with a backtracking regular expression, kept only as the
 * reference the hand-written scan is checked against on short text, where its cost (the square of
 * the line's length on `a:a:a:…`) does not matter.
 */
const USER_AT =
  /(^|[\s<:|=;,"'([{])((?:sips?|tel):)?[^\s@<>:|=;,"'()[\]{}]+(?::[^\s@<>|;,"'()]*)?@(?=[\w[])/gi;
const TEL = /\btel:\+?[\d().-]+/gi;

export function maskUserPartsInTextRegex(text: string): string {
  return text.replace(USER_AT, '$1$2***@').replace(TEL, 'tel:***');
}
