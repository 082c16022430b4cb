import { invalid } from '../validation';

/**
 * Checks one user entry of an exclude list: a fragment of a Go (RE2) regular expression
 * that goes into one alternation with the built-in entries.
 *
 * It must not break out of its alternative (unbalanced parentheses or brackets) and must
 * not use what RE2 rejects at start-up (look-around, back-references).
 */
export function checkFragment(property: string, fragment: string): void {
  if (fragment.length === 0 || /[\n\r]/.test(fragment)) {
    throw invalid(property, fragment, 'expected a non-empty regular expression on one line');
  }
  if (/\(\?<?[=!]/.test(fragment)) {
    throw invalid(property, fragment,
      'expected a Go (RE2) regular expression; look-ahead and look-behind are not supported');
  }
  if (/\\[1-9]/.test(fragment)) {
    throw invalid(property, fragment,
      'expected a Go (RE2) regular expression; back-references are not supported');
  }
  if (!balanced(fragment)) {
    throw invalid(property, fragment,
      'expected balanced parentheses and brackets, so that the entry stays one alternative '
      + 'of the combined expression');
  }
}

/** Whether every group and character class that the fragment opens, it also closes. */
function balanced(fragment: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < fragment.length; i++) {
    const char = fragment[i];
    if (char === '\\') {
      i++;
    } else if (inClass) {
      inClass = char !== ']' || fragment[i - 1] === '[' || fragment.slice(i - 2, i) === '[^';
    } else if (char === '[') {
      inClass = true;
    } else if (char === '(') {
      depth++;
    } else if (char === ')') {
      depth--;
      if (depth < 0) {
        return false;
      }
    }
  }
  return depth === 0 && !inClass;
}

/**
 * Joins built-in and user entries into one expression, `prefix(a|b|...)suffix`, keeping the
 * first occurrence of each entry and the built-in ones first.
 */
export function alternation(prefix: string, entries: string[], suffix: string): string {
  return `${prefix}(${[...new Set(entries)].join('|')})${suffix}`;
}
