// Public API of the pkl-stream package: the command as a function, for hosts that embed it.
export { main } from "./main.js";
export { processIo } from "./io.js";
export type { CliIo } from "./io.js";
export { EXIT, PICKLE_ERROR_EXIT, exitForPickleError } from "./exit-codes.js";
export type { ExitCode } from "./exit-codes.js";
