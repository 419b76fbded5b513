// The page's only door to the engine: one small typed object built from the contract, never
// ipcRenderer itself. The app issue fills in the channel.
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('headroom', {
  call: (method: string, input: unknown): Promise<unknown> =>
    ipcRenderer.invoke('headroom:call', method, input),
});
