// The simulated app's data model and its "cells": the smallest units of a last-writer-wins
// edit the oracle tracks (a scalar, the whole list, the embedded object's presence, a sub-field).
import type { RealmObjectLike } from "../../src/realm-like.js";
import { trackFields } from "../../src/schema/track-fields.js";
import type { ObjectSchemaInput } from "../../src/schema/normalize.js";

export const MODEL = "Item";

export const Item: ObjectSchemaInput = {
  name: MODEL,
  primaryKey: "_id",
  properties: { _id: "string", title: "string", count: "int?", tags: "string[]", address: "Address?" },
};
export const Address: ObjectSchemaInput = { name: "Address", embedded: true, properties: { city: "string?", zip: "string?" } };

export const SCHEMA = trackFields([Item, Address]) as ObjectSchemaInput[];

/** An Item as plain data (what the app sees). */
export interface PlainItem {
  readonly title: string;
  readonly count: number | null;
  readonly tags: readonly string[];
  readonly address: { readonly city: string | null; readonly zip: string | null } | null;
}

export type Cell = "title" | "count" | "tags" | "address" | "address.city" | "address.zip";
export const CELLS: readonly Cell[] = ["title", "count", "tags", "address", "address.city", "address.zip"];

/** A cell's value: JSON text, or undefined when the cell does not exist (sub-field of a null address). */
export type CellValue = string | undefined;

/** Cells whose write covers `cell`: the cell and its ancestors (stamp-wise, docs/storage-format.md). */
export function coveringCells(cell: Cell): readonly Cell[] {
  return cell.startsWith("address.") ? [cell, "address"] : [cell];
}

/**
 * Cells whose newer edit makes an edit of `cell` obsolete: the covering cells, and for the
 * embedded object's presence also its sub-fields (writing `address.zip` asserts the address
 * exists, so it outdates an older removal of the address).
 */
export function supersedingCells(cell: Cell): readonly Cell[] {
  return cell === "address" ? ["address", "address.city", "address.zip"] : coveringCells(cell);
}

export function readItem(object: RealmObjectLike): PlainItem {
  const address = object.address as { city: string | null; zip: string | null } | null;
  return {
    title: object.title as string,
    count: (object.count as number | null) ?? null,
    tags: [...(object.tags as Iterable<string>)],
    address: address === null || address === undefined ? null : { city: address.city ?? null, zip: address.zip ?? null },
  };
}

export function cellValue(item: PlainItem | undefined, cell: Cell): CellValue {
  if (item === undefined) return undefined;
  switch (cell) {
    case "title":
      return JSON.stringify(item.title);
    case "count":
      return JSON.stringify(item.count);
    case "tags":
      return JSON.stringify(item.tags);
    case "address":
      return item.address === null ? "null" : "present";
    case "address.city":
      return item.address === null ? undefined : JSON.stringify(item.address.city);
    case "address.zip":
      return item.address === null ? undefined : JSON.stringify(item.address.zip);
  }
}

/** Cells whose value differs between two states of one object (all cells when it was created). */
export function changedCells(before: PlainItem | undefined, after: PlainItem): Cell[] {
  if (before === undefined) return [...CELLS];
  const presenceChanged = (before.address === null) !== (after.address === null);
  return CELLS.filter((cell) => (presenceChanged && cell.startsWith("address")) || cellValue(before, cell) !== cellValue(after, cell));
}

/** The object's fieldTimestamps entries as a plain record. */
export function stampsOf(object: RealmObjectLike): Record<string, string> {
  const dictionary = object.fieldTimestamps as Record<string, string> | null;
  return dictionary === null || dictionary === undefined ? {} : Object.fromEntries(Object.entries(dictionary));
}

export function generationOf(object: RealmObjectLike): number {
  return Number(stampsOf(object)["#gen"] ?? 1);
}
