import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/client.ts';
import { ApiProvider } from './api/context.tsx';
import { App } from './App.tsx';
import { useUi } from './stores/ui.ts';
import './styles.css';

const api = createClient();
// A reload keeps the open project: the engine holds it; ask which one.
void api
  .call('project.info', {})
  .then((info) => useUi.getState().setProject(info.path))
  .catch(() => undefined)
  .finally(() => {
    const root = document.getElementById('root');
    if (root) {
      createRoot(root).render(
        <StrictMode>
          <ApiProvider api={api}>
            <App />
          </ApiProvider>
        </StrictMode>,
      );
    }
  });
