import { HeadroomError, quote } from '../errors.ts';
import { forbiddenCharacter } from './values.ts';

/**
 * Refuses empty and duplicate column names (two columns never collapse into one), and names with a
 * NUL or a byte-order mark in them (they print as another name).
 */
export function checkHeader(path: string, header: readonly string[]): void {
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name.trim() === '') {
      throw new HeadroomError('BAD_HEADER', `${path}: column ${i + 1} has an empty name.`);
    }
    const bad = forbiddenCharacter(name);
    if (bad !== null) {
      throw new HeadroomError(
        'BAD_HEADER',
        `${path}: the name of column ${i + 1}, ${quote(name)}, ${bad}.`,
      );
    }
    const first = seen.get(name);
    if (first !== undefined) {
      throw new HeadroomError(
        'BAD_HEADER',
        `${path}: duplicate column name ${quote(name)} (columns ${first + 1} and ${i + 1}).`,
      );
    }
    seen.set(name, i);
  });
}
