import { ExamplesScreen } from './features/examples/ExamplesScreen.tsx';
import { Dashboard } from './features/headroom/Dashboard.tsx';
import { ReviewScreen } from './features/review/ReviewScreen.tsx';
import { StartScreen } from './features/start/StartScreen.tsx';
import { useUi } from './stores/ui.ts';

export function App() {
  const projectPath = useUi((s) => s.projectPath);
  const screen = useUi((s) => s.screen);
  if (!projectPath) return <StartScreen />;
  if (screen === 'examples') return <ExamplesScreen />;
  return screen === 'review' ? <ReviewScreen /> : <Dashboard />;
}
