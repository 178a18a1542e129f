// Loads a CLI input by its content: a `.realm` file (real Realm, read-only), a JSON dump of
// the in-memory store (`dumpMemoryRealm` format), or a changeset JSON (`collectUnsyncedChanges`).
// Dumps and changesets are checked completely before anything is loaded; every failure
// names the file and exits 3. Each step (read, parse, check, load) has its progress bar.
import { closeSync, copyFileSync, existsSync, fstatSync, mkdtempSync, openSync, readSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { FieldRecoveryError } from "../errors.js";
import type { RealmLike } from "../realm-like.js";
import { parseChangeset } from "../recovery/changeset.js";
import type { Changeset } from "../recovery/changeset.js";
import { openMemoryRealm } from "../testing/index.js";
import { CliError, EXIT } from "./cli-errors.js";
import { dumpObjectCount, validateDump } from "./dump-validation.js";
import type { Progress } from "./progress.js";
import { openRealmFile } from "./realm-file.js";

/**
 * A loaded input: a realm to read (for `fresh`, a writable copy: of a `.realm` file, a real
 * Realm on a temporary copy of the file; of a dump, an in-memory realm) or a changeset.
 * `release()` closes the realm (and removes a temporary copy).
 */
export type LoadedInput =
  | { readonly kind: "realm"; readonly path: string; readonly source: "realm-file" | "dump"; readonly realm: RealmLike; release(): void }
  | { readonly kind: "changeset"; readonly path: string; readonly changeset: Changeset };

export type InputRole = "backup" | "fresh";

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const looksLikeDump = (data: Record<string, unknown>): boolean => "schema" in data && !("tombstones" in data);
const looksLikeChangeset = (data: Record<string, unknown>): boolean => "tombstones" in data || ("since" in data && Array.isArray(data.objects));

const MB = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
const CHUNK = 8 * 1024 * 1024;

/** Reads a file as UTF-8 in chunks, drawing the bytes read. */
function readText(path: string, progress: Progress, label: string): string {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const bar = progress.phase(`read ${label}`, size);
    const buffer = Buffer.allocUnsafe(size);
    let offset = 0;
    while (offset < size) {
      const read = readSync(fd, buffer, offset, Math.min(CHUNK, size - offset), offset);
      if (read === 0) break;
      offset += read;
      bar.update(offset, `${MB(offset)}/${MB(size)}`);
    }
    return buffer.toString("utf8", 0, offset);
  } finally {
    closeSync(fd);
  }
}

function readJson(path: string, progress: Progress, label: string): unknown {
  const text = readText(path, progress, label);
  progress.phase(`parse ${label}`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError("UNREADABLE_JSON", `${path} is not valid JSON (${(error as Error).message})`, "pass a .realm file, a JSON dump (dumpMemoryRealm) or a changeset (collectUnsyncedChanges), unedited", EXIT.INPUT, { cause: error });
  }
}

/** The library's error for a bad input, with the file named and exit 3. */
function inputError(path: string, error: unknown): never {
  if (error instanceof CliError || !(error instanceof FieldRecoveryError)) throw error;
  const code = error.code === "INVALID_CHANGESET" || error.code === "INVALID_SCHEMA" ? error.code : "INVALID_DUMP";
  const hint = code === "INVALID_CHANGESET" ? "pass the changeset as collectUnsyncedChanges wrote it, unedited" : "re-create the dump with dumpMemoryRealm(realm) from realm-field-recovery/testing";
  throw new CliError(code, `${path}: ${error.message}`, hint, EXIT.INPUT, { cause: error });
}

/**
 * Loads `path` as the `role` input. A backup is opened read-only; a fresh input is always a
 * writable copy (real Realm on a temporary copy of a `.realm` file, or an in-memory realm
 * loaded from a dump), so the file itself is never modified.
 */
export async function loadInput(path: string, role: InputRole, allowChangeset: boolean, progress: Progress): Promise<LoadedInput> {
  if (!existsSync(path)) throw new CliError("FILE_NOT_FOUND", `${role} file ${path} does not exist`, "check the path (relative paths start at the current directory)", EXIT.INPUT);
  if (statSync(path).isDirectory()) throw new CliError("UNKNOWN_INPUT", `${role} ${path} is a directory`, "pass a .realm file or a JSON file", EXIT.INPUT);
  const label = `${role} ${basename(path)}`;
  if (/\.realm$/i.test(path)) {
    if (role === "backup") {
      progress.phase(`open ${label}`);
      const realm = await openRealmFile(path);
      return { kind: "realm", path, source: "realm-file", realm, release: () => realm.close() };
    }
    // The merge writes into real Realm on a copy of the file: the input stays as it was.
    progress.phase(`copy ${label}`);
    const dir = mkdtempSync(join(tmpdir(), "realm-field-recovery-"));
    const remove = (): void => rmSync(dir, { recursive: true, force: true });
    try {
      const copy = join(dir, "fresh.realm");
      copyFileSync(path, copy);
      progress.phase(`open ${label}`);
      const realm = await openRealmFile(copy, { writable: true, shownAs: path });
      return { kind: "realm", path, source: "realm-file", realm, release: () => {
        try {
          realm.close();
        } finally {
          remove();
        }
      } };
    } catch (error) {
      remove();
      throw error;
    }
  }
  const data = readJson(path, progress, label);
  if (isRecord(data) && looksLikeDump(data)) {
    const check = progress.phase(`check ${label}`, dumpObjectCount(data));
    const dump = validateDump(path, data, (done) => check.update(done));
    progress.phase(`load ${label}`);
    try {
      const realm = openMemoryRealm({ dump, readOnly: role === "backup" });
      return { kind: "realm", path, source: "dump", realm, release: () => realm.close() };
    } catch (error) {
      inputError(path, error);
    }
  }
  if (isRecord(data) && looksLikeChangeset(data)) {
    if (!allowChangeset) {
      throw new CliError("UNKNOWN_INPUT", `${path} is a changeset, but the ${role} input must be a realm`, "pass the fresh realm as a .realm file or a JSON dump (dumpMemoryRealm); a changeset can only stand in for the backup", EXIT.INPUT);
    }
    progress.phase(`check ${label}`);
    try {
      return { kind: "changeset", path, changeset: parseChangeset(data) };
    } catch (error) {
      inputError(path, error);
    }
  }
  throw new CliError(
    "UNKNOWN_INPUT",
    `${path} is JSON but neither a realm dump ({ format: 1, schema, objects: { Model: [...] } }) nor a changeset ({ format: 1, since, objects: [...], tombstones: [...] })`,
    "create it with dumpMemoryRealm(realm) or collectUnsyncedChanges(backup, since)",
    EXIT.INPUT,
  );
}
