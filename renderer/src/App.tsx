import { UpgradeStatus } from './components/UpgradeStatus.tsx';
import { CompareScreen } from './features/compare/CompareScreen.tsx';
import { DiscoverScreen } from './features/discover/DiscoverScreen.tsx';
import { ExamplesScreen } from './features/examples/ExamplesScreen.tsx';
import { Dashboard } from './features/dashboard/Dashboard.tsx';
import { DecisionsScreen } from './features/decisions/DecisionsScreen.tsx';
import { ReviewScreen } from './features/review/ReviewScreen.tsx';
import { ImportScreen } from './features/start/ImportScreen.tsx';
import { StartScreen } from './features/start/StartScreen.tsx';
import { useAppCommands } from './features/start/useAppCommands.ts';
import { ShortcutsOverlay } from './keyboard/ShortcutsOverlay.tsx';
import { useUi } from './stores/ui.ts';

export function App() {
  useAppCommands();
  return (
    <>
      <UpgradeStatus />
      <Screen />
      <ShortcutsOverlay />
    </>
  );
}

function Screen() {
  const projectPath = useUi((s) => s.projectPath);
  const screen = useUi((s) => s.screen);
  const importing = useUi((s) => s.importing);
  if (importing) return <ImportScreen />;
  if (!projectPath) return <StartScreen />;
  if (screen === 'examples') return <ExamplesScreen />;
  if (screen === 'compare') return <CompareScreen />;
  if (screen === 'discover') return <DiscoverScreen />;
  if (screen === 'decisions') return <DecisionsScreen />;
  return screen === 'review' ? <ReviewScreen /> : <Dashboard />;
}
