/** The app shell. The screens (start, import, dashboard) arrive with the app issue. */
export function App() {
  return (
    <main>
      <h1>Headroom</h1>
      <p>
        Error analysis for ML models: for every slice of your data, model accuracy, human-level
        performance, the gap, and how much overall accuracy would rise if the slice reached human
        level.
      </p>
    </main>
  );
}
