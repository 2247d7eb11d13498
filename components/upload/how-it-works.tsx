/** The aside that says what the browser checks before anything is sent. */
export function HowItWorks() {
  return (
    <section aria-labelledby="how-title" className="rounded-lg border border-border bg-surface p-5 text-sm shadow-sm">
      <h2 id="how-title" className="font-semibold text-fg">
        What is checked here
      </h2>
      <ul className="mt-2 space-y-1.5 text-muted">
        <li>Which table each file is, by its name, its columns or your profile (you can change it).</li>
        <li>How it is written — delimiter, encoding, numbers, dates. Another format than the contract’s is mapped once and saved as your profile.</li>
        <li>Required columns — a file missing one is held back.</li>
        <li>The values of every row (large files in the background) — bad rows are quarantined by the run, not lost.</li>
      </ul>
    </section>
  );
}
