import { defineConfig } from "vitest/config";

// Tests import the packages' TypeScript sources through the "pkl-stream-source"
// export condition, so editing a package needs no rebuild; CLI tests spawn the built binary.
export default defineConfig({
  resolve: { conditions: ["pkl-stream-source"] },
  ssr: { resolve: { conditions: ["pkl-stream-source"] } },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**", "fixtures/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    typecheck: { enabled: true, include: ["**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
