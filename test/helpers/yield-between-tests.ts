/**
 * Lets each test file's fork answer Vitest between tests. A fork reports progress to the main
 * process over IPC with a 60 s timeout (birpc's, not configurable in Vitest 3), and reads the
 * reply only when its event loop reaches the poll phase. Tests that spawn the CLI or python3
 * synchronously never get there: awaiting between tests runs only microtasks, so a file of such
 * tests blocks the poll phase from its first test to its last. cli/cat.test.ts took 66 s on a
 * slow VM, the timeout fired before the waiting reply was read, and the run failed with every
 * test passed ("Timeout calling onTaskUpdate"). A macrotask after each test bounds the blocking
 * to one test.
 */
import { afterEach } from "vitest";

afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
