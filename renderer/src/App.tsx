import { Dashboard } from './features/headroom/Dashboard.tsx';
import { StartScreen } from './features/start/StartScreen.tsx';
import { useUi } from './stores/ui.ts';

export function App() {
  const projectPath = useUi((s) => s.projectPath);
  return projectPath ? <Dashboard /> : <StartScreen />;
}
