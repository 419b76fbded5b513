import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { networkFilesystem } from '../../electron/core/db/network-filesystem.ts';
import { closeProjectDb, openProjectDb } from '../../electron/core/db/project-file.ts';
import { projectNotices } from '../../electron/core/project/notices.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import { ok, tempDir } from '../helpers.ts';

const dir = tempDir('headroom-netfs-');
const fakeStatfs = (type: number) => () => ({ type });

/** D-15: a project on a network filesystem gets a rollback journal and a notice (faked statfs). */
describe('projects on network filesystems (D-15)', () => {
  it('tells NFS, CIFS/SMB and FUSE from local filesystems by statfs type', () => {
    expect(networkFilesystem('/x', fakeStatfs(0x6969))).toBe('NFS');
    expect(networkFilesystem('/x', fakeStatfs(0xff534d42))).toBe('CIFS');
    // The same CIFS magic read as a signed 32-bit number.
    expect(networkFilesystem('/x', fakeStatfs(0xff534d42 | 0))).toBe('CIFS');
    expect(networkFilesystem('/x', fakeStatfs(0xfe534d42))).toBe('SMB2');
    expect(networkFilesystem('/x', fakeStatfs(0x65735546))).toBe('FUSE');
    expect(networkFilesystem('/x', fakeStatfs(0xef53))).toBeNull(); // ext4
    expect(networkFilesystem('/x', fakeStatfs(0x01021994))).toBeNull(); // tmpfs
    const failing = () => {
      throw new Error('ENOSYS');
    };
    expect(networkFilesystem('/x', failing)).toBeNull();
    // This machine's temp folder is local.
    expect(networkFilesystem(dir)).toBeNull();
  });

  it('saves with a rollback journal there, and says so; WAL and no notice locally', () => {
    const remote = join(dir, 'remote.headroom');
    const db = openProjectDb(remote, { create: true, filesystem: () => 'NFS' });
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
    db.prepare("INSERT INTO meta (key, value) VALUES ('probe', '1')").run();
    expect(existsSync(`${remote}-wal`)).toBe(false);
    expect(projectNotices(db, remote, () => 'NFS')).toEqual([
      expect.stringContaining('network filesystem (NFS)'),
    ]);
    closeProjectDb(db);

    // The same file opened where the filesystem is local goes back to WAL.
    const local = openProjectDb(remote);
    expect(local.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(projectNotices(local, remote)).toEqual([]);
    closeProjectDb(local);
  });

  it('notices a read-only project; a local writable one has nothing to say (service)', async () => {
    const path = join(dir, 'ro.headroom');
    closeProjectDb(openProjectDb(path, { create: true }));
    const ro = openProjectDb(path, { readonly: true });
    expect(projectNotices(ro, path)).toEqual([expect.stringContaining('read-only')]);
    expect(projectNotices(ro, path, () => 'CIFS')).toHaveLength(2);
    closeProjectDb(ro);
    const service = createService();
    try {
      await ok(service.dispatch('project.open', { path }));
      expect(await ok(service.dispatch('project.notices', {}))).toEqual({ notices: [] });
    } finally {
      service.close();
    }
  });
});
