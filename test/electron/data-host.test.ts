import { describe, expect, it } from 'vitest';
import { serveOverPort, type HostMessage } from '../../electron/host/data-host.ts';

function fakePort() {
  let listener: ((m: { data: unknown }) => void) | null = null;
  const sent: HostMessage[] = [];
  return {
    port: {
      on: (_e: 'message', l: (m: { data: unknown }) => void) => (listener = l),
      postMessage: (m: unknown) => sent.push(m as HostMessage),
    },
    send: (data: unknown) => listener?.({ data }),
    sent,
  };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('the data host loop (utility process side)', () => {
  it('answers requests with envelopes, and malformed or hostile messages with INVALID_INPUT', async () => {
    const f = fakePort();
    const service = serveOverPort(f.port);
    f.send({ id: 1, method: 'project.info', input: {} });
    f.send({
      id: 2,
      method: 'project.open',
      input: JSON.parse('{"__proto__": {"polluted": 1}, "path": 5}'),
    });
    f.send({ id: 3, method: 'no.such', input: {} });
    f.send({ id: 'x', method: 'project.info' });
    f.send(null);
    f.send({ id: 4, method: 'project.open', input: { path: 'x'.repeat(100_000) } });
    await settle();
    const replies = new Map(
      f.sent.filter((m) => m.type === 'reply').map((m) => [(m as { id: number }).id, m]),
    );
    expect(replies.get(1)).toEqual({
      type: 'reply',
      id: 1,
      envelope: { ok: false, error: { code: 'NO_PROJECT', message: 'No project is open.' } },
    });
    for (const id of [2, 3, 4, -1]) {
      expect(replies.get(id), String(id)).toMatchObject({
        envelope: { ok: false, error: { code: 'INVALID_INPUT' } },
      });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    service.close();
  });
});
