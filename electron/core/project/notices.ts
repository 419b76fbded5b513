import type { Database } from 'better-sqlite3';
import { dirname } from 'node:path';
import { networkFilesystem, networkNotice } from '../db/network-filesystem.ts';
import { uncleanNotice } from './session.ts';

/** What the user should know about how the project is open (shown by the app and `info`). */
export function projectNotices(
  db: Database,
  path: string,
  filesystem: (folder: string) => string | null = networkFilesystem,
): string[] {
  const notices: string[] = [];
  const unclean = uncleanNotice(db);
  if (unclean) notices.push(unclean);
  if (db.readonly) {
    notices.push(
      'This project is open read-only (no permission to write the file or its folder): you can look at everything, but no edit can be saved.',
    );
  }
  const network = filesystem(dirname(path));
  if (network) notices.push(networkNotice(network));
  return notices;
}
