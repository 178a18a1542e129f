// Errors of the in-memory store. Messages reuse real Realm's wording so code (and tests)
// matching on Realm's messages behave the same on both; `code` tells them apart reliably.
import { FieldRecoveryError } from "../errors.js";
import type { ErrorLocation } from "../errors.js";

/** Every error the in-memory store throws; `code` is one of `MemoryRealmErrorCode`. */
export class MemoryRealmError extends FieldRecoveryError {
  constructor(code: MemoryRealmErrorCode, message: string, location: ErrorLocation = {}) {
    super(code, message, location);
  }
}

/** The codes of `MemoryRealmError`: each names one way a call broke Realm's rules. */
export type MemoryRealmErrorCode =
  | "REALM_CLOSED"
  | "NOT_IN_WRITE_TRANSACTION"
  | "ALREADY_IN_WRITE_TRANSACTION"
  | "READ_ONLY_REALM"
  | "OBJECT_INVALIDATED"
  | "DUPLICATE_PRIMARY_KEY"
  | "MISSING_PROPERTY_VALUE"
  | "TYPE_MISMATCH"
  | "UNKNOWN_MODEL"
  | "UNKNOWN_PROPERTY"
  | "INVALID_DICTIONARY_KEY"
  | "INVALID_OPERATION"
  | "INDEX_OUT_OF_RANGE"
  | "INVALID_QUERY"
  | "INVALID_DUMP";

export const closedError = (): MemoryRealmError => new MemoryRealmError("REALM_CLOSED", "Cannot access realm that has been closed.");

export const notInTransactionError = (): MemoryRealmError =>
  new MemoryRealmError("NOT_IN_WRITE_TRANSACTION", "Cannot modify managed objects outside of a write transaction.");

/** Real Realm words a delete (`delete`, `deleteAll`) outside a write on its own. */
export const deleteOutsideTransactionError = (): MemoryRealmError =>
  new MemoryRealmError("NOT_IN_WRITE_TRANSACTION", "Can only delete objects within a transaction.");

export const readOnlyError = (): MemoryRealmError =>
  new MemoryRealmError("READ_ONLY_REALM", "Can't perform transactions on read-only Realms.");

export const invalidatedError = (model?: string): MemoryRealmError =>
  new MemoryRealmError("OBJECT_INVALIDATED", "Accessing object which has been invalidated or deleted", model === undefined ? {} : { model });

export const unknownModelError = (model: string): MemoryRealmError =>
  new MemoryRealmError("UNKNOWN_MODEL", `Object type '${model}' not found in schema.`, { model });

/** Realm's `TypeAssertionError` wording: "Expected value to be a string, got a number". */
export function typeError(expected: string, value: unknown, location: ErrorLocation, target?: string): MemoryRealmError {
  const what = target === undefined ? "value" : target.includes("'") ? target : `'${target}'`;
  return new MemoryRealmError("TYPE_MISMATCH", `Expected ${what} to be ${expected}, got ${describeActual(value)}`, location);
}

/** Realm's `TypeAssertionError.deriveType`. */
export function describeActual(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") {
    const name = (value as { constructor?: { name?: string } }).constructor?.name;
    if (name === undefined || name === "Object") return "an object";
    if (name === "Array") return "an array";
    return `an instance of ${name}`;
  }
  if (typeof value === "undefined") return "undefined";
  if (typeof value === "function") return `a function or class named ${(value as { name?: string }).name ?? ""}`;
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    return Number.isInteger(value) ? "a number" : "a decimal number";
  }
  return `a ${typeof value}`;
}
