// LocalStateStorage in a JSON file, written atomically (temp file + rename). Node's fs is
// looked up at call time, so importing this module stays platform-neutral.
import { InvalidOptionError } from "../errors.js";
import { CorruptLocalStateError } from "./state-storage.js";
import type { LocalStateStorage } from "./state-storage.js";

/** The part of `node:fs` the file storage uses. */
export interface FileSystemLike {
  /** `fs.readFileSync`: throws (`ENOENT`) when the file does not exist. */
  readFileSync(path: string, encoding: "utf8"): string;
  /** `fs.writeFileSync`. */
  writeFileSync(path: string, data: string): void;
  /** `fs.renameSync` (atomic replace: the state is written to a temporary file first). */
  renameSync(oldPath: string, newPath: string): void;
  /** `fs.mkdirSync`. */
  mkdirSync(path: string, options: { recursive: true }): unknown;
}

/** Options of `fileStateStorage`. */
export interface FileStateStorageOptions {
  /**
   * The file system to use. Needed only where `process.getBuiltinModule` is missing
   * (Node < 20.16): pass `import * as fs from "node:fs"`.
   * @default process.getBuiltinModule("node:fs")
   */
  readonly fs?: FileSystemLike;
}

/**
 * Local state in the JSON file at `path` (an object of string values). Every `set` rewrites
 * the file through a temporary file and a rename, so a crash leaves the old or the new
 * content, never half of it. A missing file reads as empty; an unreadable one throws
 * `CorruptLocalStateError` instead of being reset. Keep the file outside the synced realm's
 * directory contents that a client reset moves away (any path not managed by Realm is fine).
 */
export function fileStateStorage(path: string, options: FileStateStorageOptions = {}): LocalStateStorage {
  if (typeof path !== "string" || path.length === 0) {
    throw new InvalidOptionError(`Invalid path ${JSON.stringify(path)}: expected the path of a JSON file`);
  }
  const fs = options.fs ?? nodeFs();
  let tempCounter = 0;

  const readAll = (): Record<string, string> => {
    let text: string;
    try {
      text = fs.readFileSync(path, "utf8");
    } catch (error) {
      if ((error as { code?: unknown }).code === "ENOENT") return {};
      throw new CorruptLocalStateError(path, `the file cannot be read (${String(error)})`, { cause: error });
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new CorruptLocalStateError(path, "the file is not valid JSON", { cause: error });
    }
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
      throw new CorruptLocalStateError(path, "expected a JSON object of string values");
    }
    for (const [key, value] of Object.entries(data)) {
      if (typeof value !== "string") throw new CorruptLocalStateError(path, `the value of key ${JSON.stringify(key)} is not a string`);
    }
    return data as Record<string, string>;
  };

  return {
    get: (key) => {
      const data = readAll();
      return Object.hasOwn(data, key) ? data[key] : undefined;
    },
    set: (key, value) => {
      const data = readAll();
      data[key] = value;
      const dir = parentDirectory(path);
      if (dir !== undefined) fs.mkdirSync(dir, { recursive: true });
      // Unique per call and per process, so concurrent writers never share a temp file.
      const temp = `${path}.${(tempCounter++).toString(36)}-${Math.random().toString(36).slice(2, 10)}.tmp`;
      fs.writeFileSync(temp, `${JSON.stringify(data, null, 2)}\n`);
      fs.renameSync(temp, path);
    },
  };
}

function nodeFs(): FileSystemLike {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.("node:fs");
  if (fs === undefined || fs === null) {
    throw new InvalidOptionError(
      'fileStateStorage needs Node\'s fs, and process.getBuiltinModule is not available here: pass it as fileStateStorage(path, { fs }) with import * as fs from "node:fs"',
    );
  }
  return fs as FileSystemLike;
}

function parentDirectory(path: string): string | undefined {
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return cut <= 0 ? undefined : path.slice(0, cut);
}
