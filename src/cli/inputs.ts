// Loads a CLI input by its content: a `.realm` file (real Realm, read-only), a JSON dump of
// the in-memory store (`dumpMemoryRealm` format), or a changeset JSON (`collectUnsyncedChanges`).
import { existsSync, readFileSync, statSync } from "node:fs";
import type { RealmLike } from "../realm-like.js";
import { parseChangeset } from "../recovery/changeset.js";
import type { Changeset } from "../recovery/changeset.js";
import { openMemoryRealm } from "../testing/index.js";
import type { MemoryRealmDump } from "../testing/index.js";
import { CliError, EXIT } from "./cli-errors.js";
import { openRealmFile } from "./realm-file.js";

/** A loaded input: a realm to read (and, for `fresh`, a writable in-memory copy) or a changeset. */
export type LoadedInput =
  | { readonly kind: "realm"; readonly path: string; readonly source: "realm-file" | "dump"; readonly realm: RealmLike }
  | { readonly kind: "changeset"; readonly path: string; readonly changeset: Changeset };

export type InputRole = "backup" | "fresh";

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const looksLikeDump = (data: Record<string, unknown>): boolean => Array.isArray(data.schema) && isRecord(data.objects);
const looksLikeChangeset = (data: Record<string, unknown>): boolean => Array.isArray(data.objects) && Array.isArray(data.tombstones);

function readJson(path: string): unknown {
  const text = readFileSync(path, "utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError("UNREADABLE_JSON", `${path} is not valid JSON (${(error as Error).message})`, "pass a .realm file, a JSON dump (dumpMemoryRealm) or a changeset (collectUnsyncedChanges), unedited", EXIT.INPUT, { cause: error });
  }
}

/**
 * Loads `path` as the `role` input. A backup is opened read-only; a fresh input is always
 * loaded into a writable in-memory copy, so the file itself is never modified.
 */
export async function loadInput(path: string, role: InputRole, allowChangeset: boolean): Promise<LoadedInput> {
  if (!existsSync(path)) throw new CliError("FILE_NOT_FOUND", `${role} file ${path} does not exist`, "check the path (relative paths start at the current directory)", EXIT.INPUT);
  if (statSync(path).isDirectory()) throw new CliError("UNKNOWN_INPUT", `${role} ${path} is a directory`, "pass a .realm file or a JSON file", EXIT.INPUT);
  if (/\.realm$/i.test(path)) {
    const realm = await openRealmFile(path);
    if (role === "backup") return { kind: "realm", path, source: "realm-file", realm };
    const copy = openMemoryRealm({ copyFrom: realm });
    realm.close();
    return { kind: "realm", path, source: "realm-file", realm: copy };
  }
  const data = readJson(path);
  if (isRecord(data) && looksLikeDump(data)) {
    const dump = data as unknown as MemoryRealmDump;
    return { kind: "realm", path, source: "dump", realm: openMemoryRealm({ dump, readOnly: role === "backup" }) };
  }
  if (isRecord(data) && looksLikeChangeset(data)) {
    if (!allowChangeset) {
      throw new CliError("UNKNOWN_INPUT", `${path} is a changeset, but the ${role} input must be a realm`, "pass the fresh realm as a .realm file or a JSON dump (dumpMemoryRealm); a changeset can only stand in for the backup", EXIT.INPUT);
    }
    return { kind: "changeset", path, changeset: parseChangeset(data) };
  }
  throw new CliError(
    "UNKNOWN_INPUT",
    `${path} is JSON but neither a realm dump ({ format: 1, schema, objects: { Model: [...] } }) nor a changeset ({ format: 1, since, objects: [...], tombstones: [...] })`,
    "create it with dumpMemoryRealm(realm) or collectUnsyncedChanges(backup, since)",
    EXIT.INPUT,
  );
}
