// The arguments bench/parts.mjs and bench/scan.mjs take: FILE [--runs N].
export function fileAndRuns(script, defaultRuns) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write(`usage: node bench/${script} FILE [--runs N]\n`);
    process.exit(2);
  }
  const at = process.argv.indexOf('--runs');
  return { file, runs: at === -1 ? defaultRuns : Number(process.argv[at + 1]) };
}
