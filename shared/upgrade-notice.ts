// The words about an old project's one-time upgrade: for the CLI and the renderer, so kept apart
// from project.ts, whose schemas would bring zod into the renderer's bundle.
import type { SchemaUpgrade } from './project.ts';

/** The one line that tells a user about an upgrade (the CLI prints it before the wait; the app shows it during). */
export function upgradeNotice(u: SchemaUpgrade): string {
  const mb = (u.bytes / 1e6).toLocaleString('en-US', { maximumFractionDigits: 0 });
  return `${u.path}: upgrading the project file from schema ${u.from} to ${u.to}, once: rewriting ${u.rewrites.join(' and ')} (a ${mb} MB file; large projects take a while, and an interruption leaves the file as it was)`;
}

/** The app's line once the upgrade is done (shown until dismissed). */
export function upgradedNotice(u: SchemaUpgrade): string {
  return `${u.path}: the project file was upgraded from schema ${u.from} to ${u.to}, once (${u.rewrites.join(' and ')} rewritten); it opens at full speed from now on`;
}
