import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    "testing/index": "src/testing/index.ts",
    "react/index": "src/react/index.ts",
    // the `realm-field-recovery` bin (src/cli/main.ts starts with a shebang)
    cli: "src/cli/main.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  // realm and @realm/react are peers (react comes with @realm/react): never bundle them.
  external: ["realm", "@realm/react", "react"],
});
