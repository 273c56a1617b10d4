import { constants } from 'node:os';

/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP (the terminal or the SSH session that
 * ran it closed) while a report is made. The first stops the
 * reading if it is still going on (`stopReading`): what was read is
 * reported, marked partial (sources/consume.ts says 'interrupted'), or with
 * --follow, complete (the normal end of a follow). Once the reading is done, the
 * first is only acknowledged: the report is written whole, and is not
 * partial. A second ends the run at once, with 128 + the signal's number
 * (130 for Ctrl-C), as a shell reports a process a signal ended.
 *
 * The handlers stay installed until the process ends: a signal that comes
 * while the last bytes are written must not cut them off.
 */
export function handleInterrupts(
  stopReading: (signal: NodeJS.Signals) => void,
  note: (line: string) => void,
): { readingDone(): void } {
  let reading = true;
  let heard = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (heard) process.exit(128 + (constants.signals[signal] ?? 0));
    heard = true;
    if (reading) stopReading(signal);
    else {
      const name = signal === 'SIGINT' ? 'Ctrl-C' : signal;
      note(
        `${name} after the reading had finished: the report is written whole (${name} again aborts)`,
      );
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Unhandled, SIGHUP would end a follow without its state or its report.
  process.on('SIGHUP', onSignal);
  return {
    readingDone: () => {
      reading = false;
    },
  };
}
