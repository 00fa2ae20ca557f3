// How the bench calls the `pkl-stream` command, in one place: the CLI is being written beside
// the bench, so when a flag changes only this table changes. Every command writes to stdout
// (the bench sends it to /dev/null when timing) except merge, which writes OUT.
export const CLI_INVOCATIONS = {
  version: () => ["--version"],
  ndjson: (file) => [file],
  msgpack: (file) => [file, "--format", "msgpack"],
  entries: (file) => [file, "--entries"],
  frame: (file, out) => [file, "--output", out],
  inspect: (file) => ["inspect", file],
  frameRows: (file, out) => [file, "--rows", "--output", out],
  merge: (files, out) => ["merge", ...files, "--format", "msgpack", "--output", out],
  mergeJson: (files, out) => ["merge", ...files, "--format", "json", "--output", out],
  mergeDeep: (files, out) => ["merge", ...files, "--format", "msgpack", "--on-conflict", "deep", "--output", out],
  mergeDeepJson: (files, out) => ["merge", ...files, "--format", "json", "--on-conflict", "deep", "--output", out],
  mergePickle: (files, out) => ["merge", ...files, "--format", "pickle", "--output", out],
  convertToPickle: (file) => ["convert", file, "--format", "pickle"],
};
