// The page's only door to the engine and the shell: one small object typed by shared/desktop.ts,
// never ipcRenderer itself. Event subscriptions pass the payload only and return an unsubscribe
// function. A sandboxed preload can load nothing but electron, so shared/ is imported for types.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { DesktopApi, DialogRequest, DialogResult } from '../../shared/desktop.ts';

const api: DesktopApi = {
  call: (method: string, input: unknown): Promise<unknown> =>
    ipcRenderer.invoke('headroom:call', method, input),
  onEvent: (listener: (message: unknown) => void): (() => void) => {
    const wrapped = (_event: IpcRendererEvent, message: unknown) => listener(message);
    ipcRenderer.on('headroom:event', wrapped);
    return () => ipcRenderer.removeListener('headroom:event', wrapped);
  },
  dialog: (request: DialogRequest): Promise<DialogResult> =>
    ipcRenderer.invoke('headroom:dialog', request) as Promise<DialogResult>,
  pathForFile: (file: File): string => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('headroom', api);
