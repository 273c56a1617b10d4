// The bench's --follow rows: what a run that keeps reading costs while
// nothing comes (CPU share of a core), and how long a line written to the
// followed journal takes to show as an event. Filled in with --follow; until
// then each row says it is not measured, with its target, and meets nothing.
//
// A row is { input, run, figure, against, ratio, target, peak, met }, as
// bench/run.mjs prints it; `met` is true, false, or null (not measured).

/** The follow rows; `context` gives what run.mjs measures with ({ bin, out, smoke, runs }). */
export function followRows(_context) {
  return [
    {
      input: '--follow, idle',
      run: 'CPU while no line comes',
      figure: 'not measured (no --follow yet)',
      target: 'under 1% of a core',
      met: null,
    },
    {
      input: '--follow, latency',
      run: 'line written to event',
      figure: 'not measured (no --follow yet)',
      target: 'under 1 s',
      met: null,
    },
  ];
}
