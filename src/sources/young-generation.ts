/**
 * Keeps V8's young generation at the size it starts with (semi-spaces of
 * 1 MiB) rather than letting it double up to 16 MiB on a thread that keeps
 * much of what it allocates, as reading and grouping do: on the dense bench
 * input that growth was a fifth of the peak memory (32 of about 180 MiB on
 * one thread). It costs more young collections: no time that could be
 * measured on one thread or on the sparse input, 4-8% on the dense input
 * with two threads (README, "Speed and memory").
 *
 * `--max-semi-space-size` would say it directly but is read only when a heap
 * is set up, before any of this code runs; the growth factor is read each
 * time the young generation would grow, so it can be set while running.
 * Setting up a heap (a worker thread's) sets the factor back to 2 for the
 * whole process (V8 applies its flag implications then, one of which is a
 * minimum of 2), so it is set again once workers are up (split-file.ts).
 * Where a V8 ignores the setting, the young generation grows as it did.
 */
import { setFlagsFromString } from 'node:v8';

export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}
