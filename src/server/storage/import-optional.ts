// Server dependencies are optional peers (a React Native app must not install a server): a
// missing one is named with the command that installs it.
import { SyncServerError } from "../server-errors.js";

/** `import(name)`, or a SERVER_DEPENDENCY_MISSING error naming the package to install. */
export async function importOptional<T>(name: string, purpose: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_MODULE_NOT_FOUND" || (error as { code?: string }).code === "MODULE_NOT_FOUND") {
      throw new SyncServerError("SERVER_DEPENDENCY_MISSING", `The sync server needs "${name}" for ${purpose}: run \`npm install ${name}\` (server packages are optional peer dependencies, so apps that only use the client do not install them)`, {}, { cause: error });
    }
    throw error;
  }
}
