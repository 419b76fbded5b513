import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventMessage } from '../../shared/contract.ts';
import type { HostMessage, HostRequest } from '../../shared/host-protocol.ts';
import { superviseHost, type HostProcess } from '../../electron/main/host-supervisor.ts';
import { DATASETS, REPO, tempDir } from '../helpers.ts';

/** A host the test drives by hand: it records requests, answers and dies when told. */
function fakeHost() {
  const requests: HostRequest[] = [];
  let onMessage: ((m: HostMessage) => void) | null = null;
  let onExit: ((code: number | null) => void) | null = null;
  let killed = false;
  const process: HostProcess = {
    postMessage: (m) => requests.push(m),
    onMessage: (l) => (onMessage = l),
    onExit: (l) => (onExit = l),
    kill: () => (killed = true),
  };
  return {
    process,
    requests,
    reply: (id: number, value: unknown) =>
      onMessage?.({ type: 'reply', id, envelope: { ok: true, value } }),
    die: (code: number | null) => onExit?.(code),
    killed: () => killed,
  };
}

function supervised(maxRestarts?: number) {
  const hosts: ReturnType<typeof fakeHost>[] = [];
  const events: EventMessage[] = [];
  const supervisor = superviseHost({
    start() {
      const h = fakeHost();
      hosts.push(h);
      return h.process;
    },
    onEvent: (m) => events.push(m),
    ...(maxRestarts !== undefined ? { maxRestarts } : {}),
  });
  return { supervisor, hosts, events };
}

describe('the data host supervisor (main process)', () => {
  it('answers pending calls with HOST_EXITED when the host dies, restarts it and tells the window', async () => {
    const { supervisor, hosts, events } = supervised();
    const first = supervisor.call('project.info', {});
    const second = supervisor.call('slices.report', {});
    expect(hosts).toHaveLength(1);
    expect(hosts[0]?.requests.map((r) => r.method)).toEqual(['project.info', 'slices.report']);
    hosts[0]?.die(null);
    for (const env of [await first, await second]) {
      expect(env).toMatchObject({ ok: false, error: { code: 'HOST_EXITED' } });
      if (!env.ok) expect(env.error.message).toMatch(/data engine was killed.*restarted/);
    }
    expect(hosts).toHaveLength(2);
    expect(events).toEqual([
      { event: 'app.hostRestarted', payload: { exitCode: null, failedCalls: 2, restarts: 1 } },
    ]);
    // The next call goes to the new host and is answered.
    const third = supervisor.call('app.recent', {});
    const req = hosts[1]?.requests[0];
    expect(req?.method).toBe('app.recent');
    hosts[1]?.reply(req?.id ?? -1, { projects: [] });
    expect(await third).toEqual({ ok: true, value: { projects: [] } });
    // A late message of the dead host is ignored.
    hosts[0]?.reply(1, 'stale');
    expect(events).toHaveLength(1);
  });

  it('passes the host events on, and gives up on a host that keeps dying unanswered', async () => {
    const { supervisor, hosts, events } = supervised(2);
    const pending = supervisor.call('project.info', {});
    hosts[0]?.die(1);
    hosts[1]?.die(1);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'HOST_EXITED' } });
    expect(hosts).toHaveLength(3);
    const last = supervisor.call('project.info', {});
    hosts[2]?.die(1);
    const env = await last;
    expect(env).toMatchObject({ ok: false, error: { code: 'HOST_EXITED' } });
    if (!env.ok) expect(env.error.message).toMatch(/not restarted/);
    expect(hosts).toHaveLength(3);
    expect(await supervisor.call('project.info', {})).toMatchObject({
      ok: false,
      error: { code: 'HOST_EXITED' },
    });
    expect(events.map((e) => e.event)).toEqual(['app.hostRestarted', 'app.hostRestarted']);
  });

  it('an answered call resets the count of restarts in a row', async () => {
    const { supervisor, hosts } = supervised(1);
    hosts[0]?.die(1);
    const call = supervisor.call('project.info', {});
    hosts[1]?.reply(hosts[1].requests[0]?.id ?? -1, {});
    expect(await call).toEqual({ ok: true, value: {} });
    hosts[1]?.die(1);
    expect(hosts).toHaveLength(3);
  });

  it('stop ends the host on purpose: no restart, pending and later calls fail', async () => {
    const { supervisor, hosts, events } = supervised();
    const pending = supervisor.call('project.info', {});
    supervisor.stop();
    expect(hosts[0]?.killed()).toBe(true);
    hosts[0]?.die(0);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'HOST_EXITED' } });
    expect(await supervisor.call('project.info', {})).toMatchObject({ ok: false });
    expect(hosts).toHaveLength(1);
    expect(events).toEqual([]);
  });
});

describe('the supervisor over a real data host (a Node fork of electron/host/entry.ts)', () => {
  const dir = tempDir('headroom-supervisor-');

  it('a host killed mid-import: the import call fails with HOST_EXITED, a new host imports', async () => {
    const children: ChildProcess[] = [];
    const events: EventMessage[] = [];
    let onFirstProgress: (() => void) | null = null;
    const supervisor = superviseHost({
      start() {
        const child = fork(join(REPO, 'electron/host/entry.ts'), ['--config-dir', dir], {
          stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        });
        children.push(child);
        return {
          postMessage: (m) => child.send(m),
          onMessage: (l) => child.on('message', (m) => l(m as HostMessage)),
          onExit: (l) => child.once('exit', (code) => l(code)),
          kill: () => void child.kill(),
        };
      },
      onEvent(m) {
        events.push(m);
        if (m.event === 'imports.progress') onFirstProgress?.();
      },
    });
    try {
      // The host's own acknowledgement that the import runs (its first progress event) is the
      // moment to kill it: 40,000 of ImageNet's 50,000 rows are still to come.
      const progressed = new Promise<void>((resolve) => (onFirstProgress = resolve));
      const big = join(dir, 'imagenet.headroom');
      const killed = supervisor.call('imports.run', {
        project: big,
        file: join(DATASETS, 'imagenet_val/imagenet_val.csv'),
      });
      await progressed;
      onFirstProgress = null;
      children[0]?.kill('SIGKILL');
      const env = await killed;
      expect(env).toMatchObject({ ok: false, error: { code: 'HOST_EXITED' } });
      expect(existsSync(big)).toBe(false); // a new project appears only once complete
      expect(children).toHaveLength(2);
      expect(events.filter((e) => e.event === 'app.hostRestarted')).toEqual([
        { event: 'app.hostRestarted', payload: { exitCode: null, failedCalls: 1, restarts: 1 } },
      ]);

      const small = join(dir, 'chaosnli.headroom');
      const again = await supervisor.call('imports.run', {
        project: small,
        file: join(DATASETS, 'chaosnli/chaosnli_snli_mnli.csv'),
      });
      expect(again).toMatchObject({ ok: true, value: { rowsImported: 3083, rowsRejected: 0 } });
      expect(await supervisor.call('project.open', { path: small })).toMatchObject({ ok: true });
    } finally {
      supervisor.stop();
    }
  }, 60_000);
});
