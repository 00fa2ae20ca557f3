// Injected into the CommonJS bundle by scripts/bundle.mjs, where require and __filename exist:
// `import.meta.url` of the sources becomes the bundle file's own URL, so
// `new URL("./worker.js", import.meta.url)` and `createRequire(import.meta.url)` resolve next to
// bundle/main.cjs as they did beside the source.
export const importMetaUrl = require("node:url").pathToFileURL(__filename).href;
