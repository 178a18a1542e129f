// The oracle: every edit ever made (device, object, cell, value, stamp) and its fate on the
// server, and the rule deciding which edits must be in the final state.
import type { Cell, CellValue, PlainItem } from "./model.js";
import { cellValue, supersedingCells } from "./model.js";

interface EditBase {
  readonly id: number;
  readonly device: number;
  readonly key: string;
  readonly generation: number;
  readonly stamp: string;
  /** Server version whose upload carried it. */
  uploadedAt?: number | undefined;
  /** The server lost it: restored from a backup older than that upload. */
  lostByRestore?: boolean;
}
export interface CellEdit extends EditBase {
  readonly kind: "cell";
  readonly cell: Cell;
  readonly value: CellValue;
}
export interface DeleteEdit extends EditBase {
  readonly kind: "delete";
}
export type Edit = CellEdit | DeleteEdit;

/** An object of the final state. */
export interface FinalObject {
  readonly generation: number;
  readonly item: PlainItem;
}

/** Which edits may be missing from the final state besides superseded ones. */
export interface SurvivalRule {
  /**
   * `true`: edits the server had and lost in a restore may be lost (a `since` recovery
   * believes them synced, docs/recovery.md "Full or since").
   * @default false
   */
  readonly excuseLostByRestore?: boolean;
}

export class Oracle {
  readonly edits: Edit[] = [];

  record(edit: Omit<CellEdit, "id"> | Omit<DeleteEdit, "id">): void {
    this.edits.push({ ...edit, id: this.edits.length } as Edit);
  }

  /** Marks the edits of `device` not uploaded yet as carried by server version `version`. */
  uploaded(device: number, version: number): void {
    for (const edit of this.edits) if (edit.device === device && edit.uploadedAt === undefined) edit.uploadedAt = version;
  }

  /** The server was restored: edits uploaded in `dropped` versions are gone from it. */
  restored(dropped: ReadonlySet<number>): void {
    for (const edit of this.edits) {
      if (edit.uploadedAt !== undefined && dropped.has(edit.uploadedAt)) {
        edit.lostByRestore = true;
        edit.uploadedAt = undefined;
      }
    }
  }

  /**
   * Whether a strictly newer edit makes `edit` obsolete (per-field last writer wins, delete
   * wins over edits of the generation it deleted).
   */
  superseded(edit: Edit): boolean {
    if (edit.kind === "delete") return false;
    const covering = supersedingCells(edit.cell);
    return this.edits.some(
      (other) =>
        other.key === edit.key &&
        other.generation >= edit.generation &&
        (other.kind === "delete" || (covering.includes(other.cell) && other.stamp > edit.stamp)),
    );
  }

  mustSurvive(edit: Edit, rule: SurvivalRule = {}): boolean {
    if (rule.excuseLostByRestore === true && edit.lostByRestore === true) return false;
    return !this.superseded(edit);
  }

  /**
   * The strictly newer edits of a sibling sub-field that outlive a removal's sub-field edit
   * (`address.zip` = ∅): such an edit revives the address, and per-path last writer wins gives
   * the sub-field the removal's value, null (docs/recovery.md, "embedded removals").
   */
  revivers(edit: Edit): Edit[] {
    if (edit.kind !== "cell" || !edit.cell.startsWith("address.") || edit.value !== undefined) return [];
    return this.edits.filter(
      (other) => other.kind === "cell" && other.key === edit.key && other.generation === edit.generation && other.cell.startsWith("address.") && other.cell !== edit.cell && other.value !== undefined && other.stamp > edit.stamp,
    );
  }

  /**
   * Whether the final state still shows `edit`. A removal revived only by edits `rule` lets be
   * lost (lost in a restore) may show either way: revived if one of them survived anyway.
   */
  present(edit: Edit, final: ReadonlyMap<string, FinalObject>, rule: SurvivalRule = {}): boolean {
    const object = final.get(edit.key);
    if (edit.kind === "delete") return object === undefined || object.generation > edit.generation;
    if (object === undefined || object.generation !== edit.generation) return false;
    const shown = cellValue(object.item, edit.cell);
    const revivers = this.revivers(edit);
    if (revivers.length === 0) return shown === edit.value;
    const revived = JSON.stringify(null);
    if (revivers.some((other) => this.mustSurvive(other, rule))) return shown === revived;
    return shown === revived || shown === edit.value;
  }

  /** Edits that must survive but are not in `final`. */
  lost(final: ReadonlyMap<string, FinalObject>, rule: SurvivalRule = {}): Edit[] {
    return this.edits.filter((edit) => this.mustSurvive(edit, rule) && !this.present(edit, final, rule));
  }

  /** How many edits must survive under `rule`. */
  protectedCount(rule: SurvivalRule = {}): number {
    return this.edits.filter((edit) => this.mustSurvive(edit, rule)).length;
  }
}

export function describeEdit(edit: Edit): string {
  const where = `d${edit.device} ${edit.key}@g${edit.generation}`;
  const fate = `${edit.uploadedAt === undefined ? "" : ` up@v${edit.uploadedAt}`}${edit.lostByRestore === true ? " lostByRestore" : ""}`;
  return edit.kind === "delete" ? `#${edit.id} ${where} DELETE ${edit.stamp}${fate}` : `#${edit.id} ${where} ${edit.cell}=${edit.value ?? "∅"} ${edit.stamp}${fate}`;
}
