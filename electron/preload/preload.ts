// The page's only door to the engine: one small object, never ipcRenderer itself. Event
// subscriptions pass the payload only and return an unsubscribe function.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

contextBridge.exposeInMainWorld('headroom', {
  call: (method: string, input: unknown): Promise<unknown> =>
    ipcRenderer.invoke('headroom:call', method, input),
  onEvent: (listener: (message: unknown) => void): (() => void) => {
    const wrapped = (_event: IpcRendererEvent, message: unknown) => listener(message);
    ipcRenderer.on('headroom:event', wrapped);
    return () => ipcRenderer.removeListener('headroom:event', wrapped);
  },
});
