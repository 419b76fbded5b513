import { HeadroomError } from '../errors.ts';

/** Refuses empty and duplicate column names: two columns never collapse into one. */
export function checkHeader(path: string, header: readonly string[]): void {
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name.trim() === '') {
      throw new HeadroomError('BAD_HEADER', `${path}: column ${i + 1} has an empty name.`);
    }
    const first = seen.get(name);
    if (first !== undefined) {
      throw new HeadroomError(
        'BAD_HEADER',
        `${path}: duplicate column name "${name}" (columns ${first + 1} and ${i + 1}).`,
      );
    }
    seen.set(name, i);
  });
}
