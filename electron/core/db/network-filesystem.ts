import { statfsSync, type StatsFs } from 'node:fs';

/**
 * statfs f_type magic numbers (Linux) of network and FUSE filesystems. SQLite's WAL needs shared
 * memory between processes that such filesystems do not give reliably (reliability-tests.md D-15),
 * so a project there is saved with a rollback journal instead, and the user is told why.
 */
const NETWORK_FILESYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x6969, 'NFS'],
  [0xff534d42, 'CIFS'],
  [0xfe534d42, 'SMB2'],
  [0x517b, 'SMB'],
  [0x65735546, 'FUSE'],
  [0x01021997, '9P'],
  [0x5346414f, 'AFS'],
  [0x00c36400, 'Ceph'],
  [0x564c, 'NCP'],
]);

/** The kind of network filesystem `folder` is on ('NFS', 'CIFS', ...), or null (local, unknown). */
export function networkFilesystem(
  folder: string,
  statfs: (path: string) => Pick<StatsFs, 'type'> = statfsSync,
): string | null {
  try {
    return NETWORK_FILESYSTEMS.get(statfs(folder).type >>> 0) ?? null;
  } catch {
    return null; // no statfs (or no folder yet): treated as local
  }
}

/** What the user is told about a project on a network filesystem. */
export function networkNotice(kind: string): string {
  return `This project is on a network filesystem (${kind}). Headroom saves it with a rollback journal instead of WAL, which such filesystems do not support safely: saving is slower, and only one Headroom at a time should have it open. Copy it to a local disk for speed.`;
}
