// A setup file (vitest.config.ts): run before each test file, so each file's
// temporary directories go when its tests are done, isolated or not.
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dir.js';

afterAll(removeTempDirs);
