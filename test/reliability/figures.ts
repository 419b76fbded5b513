import { appendFileSync } from 'node:fs';

/**
 * Prints a reliability figure ("group: figure") and, under `npm run test:reliability`, appends it
 * to the file the runner names in HEADROOM_FIGURES so it can print one line per group.
 */
export function recordFigure(group: string, figure: string): void {
  const line = `${group}: ${figure}`;
  console.log(line);
  const file = process.env.HEADROOM_FIGURES;
  if (file) appendFileSync(file, `${line}\n`);
}
