// Opens a `.realm` file read-only through the `realm` package, loaded only when a `.realm`
// input is given: the rest of the CLI works without Realm's native binding. A process that
// loaded it must call `shutdownRealm()` to exit (main.ts does).
import type { ObjectSchemaLike, RealmLike } from "../realm-like.js";
import { resolveTrackingOptions } from "../schema/tracking-options.js";
import { CliError, EXIT } from "./cli-errors.js";

interface RealmModule {
  new (config: { path: string; readOnly: boolean; schema?: readonly ObjectSchemaLike[] }): RealmLike;
  shutdown(): void;
}

const JSON_HINT = "export it as JSON instead: a dump (dumpMemoryRealm(realm) from realm-field-recovery/testing) or a changeset (collectUnsyncedChanges(backup, since)), and pass that file";

let loaded: RealmModule | undefined;

/** Loads `realm` lazily; a CliError (REALM_UNAVAILABLE) when its native binding does not load. */
async function loadRealm(path: string): Promise<RealmModule> {
  try {
    const module = (await import("realm")) as unknown as { default?: RealmModule };
    loaded = (module.default ?? module) as RealmModule;
    return loaded;
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
    throw new CliError("REALM_UNAVAILABLE", `cannot open ${path}: Realm's native binding did not load (${reason})`, `install \`realm\` where its binding builds (npm install realm), or ${JSON_HINT}`, EXIT.INPUT, { cause: error });
  }
}

/**
 * The file's schema with what a Realm file does not store put back: it keeps neither
 * `presentation: "counter"` nor defaults, so a schema-less open sees each tracked model's
 * newest-stamp counter (format 2) as a plain int; the engine would then read every object
 * instead of querying, and objects the merge creates would lack the counter's default, 0.
 */
function withCounters(schema: readonly ObjectSchemaLike[]): ObjectSchemaLike[] | undefined {
  const { timestampsProperty, newestStampProperty } = resolveTrackingOptions();
  if (newestStampProperty === undefined) return undefined;
  let patched = false;
  const out = schema.map((model) => {
    const counter = model.properties[newestStampProperty];
    if (model.properties[timestampsProperty] === undefined || counter === undefined || counter.type !== "int" || counter.optional === true || counter.presentation !== undefined) return model;
    patched = true;
    return { ...model, properties: { ...model.properties, [newestStampProperty]: { ...counter, presentation: "counter", default: 0 } } };
  });
  return patched ? out : undefined;
}

/**
 * Opens `path` read-only (or, for the CLI's own temporary copy of a fresh input, writable),
 * using the schema stored in the file with its tracking counters restored.
 */
export async function openRealmFile(path: string, options: { readonly writable?: boolean; /** The name in messages. @default path */ readonly shownAs?: string } = {}): Promise<RealmLike> {
  const shown = options.shownAs ?? path;
  const Realm = await loadRealm(shown);
  const readOnly = options.writable !== true;
  try {
    const plain = new Realm({ path, readOnly: true });
    const schema = withCounters(plain.schema);
    if (schema === undefined && readOnly) return plain;
    plain.close();
    return new Realm({ path, readOnly, ...(schema === undefined ? {} : { schema }) });
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
    throw new CliError("REALM_OPEN_FAILED", `cannot open ${shown}${readOnly ? " read-only" : " (a copy of it)"}: ${reason}`, `check that it is a Realm file (realm 20 opens files of realm 12 and later); a synced backup may refuse to open as a local realm; ${JSON_HINT}`, EXIT.INPUT, { cause: error });
  }
}

/** Lets a process that opened a `.realm` input exit (Realm keeps Node alive until then). */
export function shutdownRealm(): void {
  loaded?.shutdown();
  loaded = undefined;
}
