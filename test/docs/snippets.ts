// Extracts the TypeScript snippets of README.md and docs/*.md into modules the tests compile
// (strict, against realm's and @realm/react's own types) and run. Nothing is copied: each
// module is a snippet as written, plus the declarations of PRELUDE it does not make itself
// (the names a page takes as given, like the app's `realm`).
//
// Info-string attributes: ```ts fragment (a piece of a larger construct: not compiled; keep it
// rare), ```ts run (also executed, on the in-memory store; the prelude names it uses are the
// values the test puts in `globalThis.snippetValues`). Imports of `realm-field-recovery`
// resolve to src/.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export const root = fileURLToPath(new URL("../..", import.meta.url));

/** One fenced TypeScript block of a markdown page. */
export interface Snippet {
  /** `docs/quick-start.md:63`: page and the line of the opening fence. */
  readonly where: string;
  readonly page: string;
  readonly line: number;
  readonly language: "ts" | "tsx";
  readonly attributes: readonly string[];
  readonly code: string;
}

/** The names the docs take as given, declared for every snippet that does not declare them itself. */
export const PRELUDE = `
import Realm from "realm";
import type { CanWrite, Changeset, InitiateClientReset, LocalStateStorage, ManualClientResetOptions, MergePolicies, RecoveryProgress, RecoveryReport, Stamp, SyncCheckpoint, SyncedRealmLike, TrackingOptions } from "realm-field-recovery";
import type { SyncRules } from "realm-field-recovery/server";
declare const checkpoint: SyncCheckpoint;
declare class Address extends Realm.Object<Address> { city: string; static schema: Realm.ObjectSchema }
declare class Dog extends Realm.Object<Dog> { _id: string; name: string; age?: number; cachedScore?: number; tags: Realm.List<string>; tricks: Realm.List<string>; notes: Realm.Dictionary<string>; address: Address; static schema: Realm.ObjectSchema }
declare class Person extends Realm.Object<Person> { _id: string; name: string; static schema: Realm.ObjectSchema }
declare class Post extends Realm.Object<Post> { _id: string; likes: Realm.Counter; static schema: Realm.ObjectSchema }
declare const AddressSchema: Realm.ObjectSchema;
declare const LogSchema: Realm.ObjectSchema;
declare const DogSchema: Realm.ObjectSchema;
declare const DogV2: Realm.ObjectSchema;
declare const schema: Realm.ObjectSchema[];
declare const dog: Dog;
declare const oldDog: Dog;
declare const post: Post;
declare const tracking: TrackingOptions;
declare const policies: MergePolicies;
declare const canWrite: CanWrite;
declare const writeAnyway: readonly string[];
declare function onProgress(progress: RecoveryProgress): void;
declare const app: unknown;
declare const user: unknown;
declare const Sync: { initiateClientReset: InitiateClientReset };
declare const realmPath: string;
declare const realmStore: { closeAll(): void; open(configuration: object): Promise<SyncedRealmLike> };
declare const analytics: { track(event: string): void };
declare const realm: Realm;
declare const backup: Realm;
declare const fresh: Realm;
declare const since: Stamp | null;
declare const storage: LocalStateStorage;
declare const appDataDir: string;
declare const backupPath: string;
declare const upload: () => Promise<void>;
declare const changeset: Changeset;
declare const report: RecoveryReport;
declare const manualResetOptions: ManualClientResetOptions;
declare const api: { post(path: string, body: string): Promise<void>; get(path: string): Promise<string[]> };
declare const cursor: string;
declare function openSnapshotRealm(payload: unknown): Promise<Realm>;
declare function showRecoverySummary(report: RecoveryReport): void;
declare function log(error: unknown): void;
declare function Button(props: { title: string; onPress: () => void }): null;
declare class Car extends Realm.Object<Car> { _id: Realm.BSON.ObjectId; ownerId: string; make: string; model?: string; miles?: number; static schema: Realm.ObjectSchema }
declare const rules: SyncRules;
`;

/** Every ts/tsx block of README.md and docs/*.md (docs/api is generated, not included). */
export function collectSnippets(): Snippet[] {
  const pages = ["README.md", ...readdirSync(join(root, "docs")).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)];
  const snippets: Snippet[] = [];
  for (const page of pages) {
    const lines = readFileSync(join(root, page), "utf8").split("\n");
    for (let i = 0; i < lines.length; i++) {
      const open = /^```(ts|tsx|typescript)(?:\s+(.*))?$/.exec(lines[i] as string);
      if (!open) continue;
      const end = lines.indexOf("```", i + 1);
      if (end === -1) throw new Error(`${page}:${i + 1}: unclosed code block`);
      snippets.push({
        where: `${page}:${i + 1}`,
        page,
        line: i + 1,
        language: open[1] === "tsx" ? "tsx" : "ts",
        attributes: (open[2] ?? "").split(/\s+/).filter(Boolean),
        code: lines.slice(i + 1, end).join("\n"),
      });
      i = end;
    }
  }
  return snippets;
}

/** The names a module's top level declares or imports. */
function topLevelNames(code: string, language: "ts" | "tsx"): Set<string> {
  const file = ts.createSourceFile(`x.${language}`, code, ts.ScriptTarget.ES2022, false, language === "tsx" ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const names = new Set<string>();
  const bind = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name) names.add(clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.add(element.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) bind(declaration.name);
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
      names.add(statement.name.text);
    }
  }
  return names;
}

/** The values (not imports, not types) a module's top level declares. */
function topLevelValues(code: string, language: "ts" | "tsx"): Set<string> {
  const file = ts.createSourceFile(`x.${language}`, code, ts.ScriptTarget.ES2022, false, language === "tsx" ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const names = new Set<string>();
  for (const statement of file.statements) {
    const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
    if (exported) continue;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) names.add(declaration.name.text);
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
      names.add(statement.name.text);
    }
  }
  return names;
}

const preludeStatements = PRELUDE.trim()
  .split("\n")
  .map((statement) => ({ statement, names: topLevelNames(statement, "ts") }));

/** Where the generated modules go (git-ignored). */
export const outDir = join(root, "test/docs/.snippets");

/** A snippet as a module: the prelude lines it needs, its code, and an export of its top-level values. */
export function moduleSource(snippet: Snippet): string {
  const own = topLevelNames(snippet.code, snippet.language);
  const srcIndex = relative(outDir, join(root, "src")).split("\\").join("/");
  // A prelude statement is left out when the snippet declares one of its names, or when it
  // mentions a name left out (`declare const dog: Dog` goes with `Dog`).
  const dropped = new Set(own);
  const mentionsDropped = (statement: string): boolean => [...dropped].some((name) => new RegExp(`\\b${name}\\b`).test(statement));
  const prelude = preludeStatements.map(({ statement, names }) => {
    // A prelude import keeps only the names the snippet does not import itself.
    const named = /^import type \{ (.*) \} from (.*);$/.exec(statement);
    if (named) {
      const kept = (named[1] as string).split(", ").filter((name) => !own.has(name));
      return kept.length === 0 ? "" : `import type { ${kept.join(", ")} } from ${named[2]};`;
    }
    const body = statement.startsWith("import ") ? "" : statement.replace(/^declare \w+ \w+/, "").replace(/"[^"]*"/g, "");
    if ([...names].some((name) => own.has(name)) || mentionsDropped(body)) {
      for (const name of names) dropped.add(name);
      return "";
    }
    // A running snippet gets the values the test provides (`globalThis.snippetValues`).
    const declared = /^declare const (\w+): (.+);$/.exec(statement);
    if (declared && snippet.attributes.includes("run")) {
      return `const ${declared[1]} = (globalThis as { snippetValues?: Record<string, unknown> }).snippetValues?.[${JSON.stringify(declared[1])}] as ${declared[2]};`;
    }
    return statement;
  });
  const lines = [
    `// ${snippet.where} (generated by test/docs/snippets.ts)`,
    ...prelude,
    snippet.code,
    // The top-level values, for the tests of snippets that run.
    `export { ${[...topLevelValues(snippet.code, snippet.language)].join(", ")} };`,
  ];
  return lines.join("\n").replace(/from "realm-field-recovery(\/[\w/-]+)?"/g, (_, sub: string | undefined) => {
    const entry = sub === undefined ? "index" : `${sub.slice(1)}/index`;
    const path = sub === "/react/create" ? "react/create" : entry;
    return `from "${srcIndex}/${path}.js"`;
  });
}

/** File name of a snippet's module. */
export function moduleName(snippet: Snippet): string {
  return `${snippet.page.replace(/[/.]/g, "_")}_${snippet.line}.${snippet.language}`;
}

/** Writes every compiled snippet's module into `outDir` and returns their paths by snippet. */
export function writeModules(snippets: readonly Snippet[]): Map<Snippet, string> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const files = new Map<Snippet, string>();
  for (const snippet of snippets) {
    const path = join(outDir, moduleName(snippet));
    writeFileSync(path, moduleSource(snippet));
    files.set(snippet, path);
  }
  return files;
}

/** Type-checks the modules as one strict program; returns the diagnostics, formatted, by file. */
export function typeCheck(files: readonly string[]): string[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    types: ["node"],
    jsx: ts.JsxEmit.ReactJSX,
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    skipLibCheck: true,
    esModuleInterop: true,
    noEmit: true,
  };
  const program = ts.createProgram(files, options);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file === undefined || diagnostic.file.fileName.includes("/test/docs/.snippets/"))
    .map((diagnostic) => {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
      if (!diagnostic.file || diagnostic.start === undefined) return message;
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      const text = diagnostic.file.text.split("\n")[line] ?? "";
      return `${relative(outDir, diagnostic.file.fileName)}:${line + 1}: ${message}\n    ${text.trim()}`;
    });
}
