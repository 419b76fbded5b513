import {
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_CSP,
  appResponseHeaders,
  resolveBundlePath,
} from '../../electron/main/app-protocol.ts';
import {
  denyPermission,
  denyPermissionCheck,
  isTrustedSender,
  secureHandle,
} from '../../electron/main/ipc-guard.ts';
import {
  isAllowedNavigation,
  isSafeExternalUrl,
  windowOpenHandler,
} from '../../electron/main/navigation.ts';
import { buildWebPreferences } from '../../electron/main/web-preferences.ts';
import { REPO, tempDir } from '../helpers.ts';

describe('window options (S-01)', () => {
  it('equal the hardened set', () => {
    expect(buildWebPreferences('/app/out/preload/preload.cjs', true)).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      devTools: false,
      preload: '/app/out/preload/preload.cjs',
    });
    expect(buildWebPreferences('/p', false).devTools).toBe(true);
  });

  it('windows are built in one place only', () => {
    const hits: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (
          /\.(ts|tsx)$/.test(f) &&
          /new (BrowserWindow|WebContentsView)\(/.test(readFileSync(p, 'utf8'))
        )
          hits.push(p);
      }
    };
    for (const d of ['electron', 'renderer', 'shared']) walk(join(REPO, d));
    expect(hits).toEqual([join(REPO, 'electron/main/main.ts')]);
  });
});

describe('navigation, window.open and external links (S-05)', () => {
  const hostile = [
    'app://bundle.evil/index.html',
    'https://example.com.attacker.com',
    'javascript:alert(1)',
    ' JavaScript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    '\\\\host\\share',
    'ms-msdt:/id PCWDiagnostic',
    'vbscript:msgbox(1)',
    'http://127.0.0.1:8080/',
    `https://${'a'.repeat(9000)}.com`,
    'https://xn--80ak6aa92e.com',
    'app://user:pass@bundle/index.html',
    '',
    'not a url',
  ];
  it('navigation stays in the bundle', () => {
    expect(isAllowedNavigation('app://bundle/index.html')).toBe(true);
    expect(isAllowedNavigation('app://bundle/../../x')).toBe(true); // normalised to app://bundle/x; the protocol confines paths
    for (const u of hostile) expect(isAllowedNavigation(u), u).toBe(false);
  });
  it('window.open is always denied; only https links go out', () => {
    const opened: string[] = [];
    for (const u of [...hostile, 'https://example.com/docs', 'app://bundle/index.html']) {
      expect(windowOpenHandler({ url: u }, (x) => opened.push(x))).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual([
      'https://example.com.attacker.com',
      'https://xn--80ak6aa92e.com',
      'https://example.com/docs',
    ]);
    expect(isSafeExternalUrl('https://user:pw@example.com')).toBe(false);
    expect(isSafeExternalUrl('http://example.com')).toBe(false);
  });
});

describe('the app:// protocol (S-04 b, S-10 style)', () => {
  const dir = tempDir();
  const root = join(dir, 'bundle');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'secret');
  symlinkSync(join(dir, 'secret.txt'), join(root, 'link-out.txt'));

  it('serves files of the bundle with the CSP', () => {
    expect(resolveBundlePath(root, 'app://bundle/')).toMatch(/index\.html$/);
    const js = resolveBundlePath(root, 'app://bundle/assets/app.js') as string;
    expect(js).toMatch(/app\.js$/);
    expect(appResponseHeaders(js)).toEqual({
      'Content-Type': 'text/javascript; charset=utf-8',
      'Content-Security-Policy': APP_CSP,
      'X-Content-Type-Options': 'nosniff',
    });
    expect(APP_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
  });

  it('refuses every path outside it', () => {
    for (const u of [
      'app://bundle/../secret.txt',
      'app://bundle/%2e%2e/secret.txt',
      'app://bundle/%2e%2e%2fsecret.txt',
      'app://bundle/..%5csecret.txt',
      'app://bundle/assets%00.js',
      'app://bundle/link-out.txt',
      'app://bundle/assets',
      'app://bundle/missing.js',
      'app://other/index.html',
      'file:///etc/passwd',
      'app://bundle/%E0%A4%A',
    ]) {
      expect(resolveBundlePath(root, u), u).toBeNull();
    }
  });
});

describe('IPC sender checks (S-07) and permissions (S-06)', () => {
  const top = { url: 'app://bundle/index.html', parent: null };
  it('only the app top frame is trusted', () => {
    expect(isTrustedSender({ senderFrame: top })).toBe(true);
    expect(isTrustedSender({ senderFrame: null })).toBe(false);
    expect(isTrustedSender({ senderFrame: { url: 'app://bundle/index.html', parent: top } })).toBe(
      false,
    );
    expect(isTrustedSender({ senderFrame: { url: 'https://evil/', parent: null } })).toBe(false);
    expect(isTrustedSender({ senderFrame: { url: 'app://bundle.evil/', parent: null } })).toBe(
      false,
    );
  });
  it('secureHandle refuses untrusted senders before the handler runs', async () => {
    const handlers = new Map<
      string,
      (e: { senderFrame: typeof top | null }, ...a: unknown[]) => unknown
    >();
    let ran = 0;
    secureHandle({ handle: (c, fn) => handlers.set(c, fn) }, 'headroom:call', () => ++ran);
    const h = handlers.get('headroom:call');
    expect(h?.({ senderFrame: null }, 'project.info', {})).toMatchObject({ ok: false });
    expect(ran).toBe(0);
    expect(h?.({ senderFrame: top }, 'project.info', {})).toBe(1);
  });
  it('every permission is denied', () => {
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fullscreen',
    ]) {
      let granted: boolean | null = null;
      denyPermission(null, p, (g) => (granted = g));
      expect(granted).toBe(false);
    }
    expect(denyPermissionCheck()).toBe(false);
  });
});
