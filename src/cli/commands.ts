// Every command of `realm-field-recovery`, one file each; add a command by listing it here.
import type { CommandDefinition } from "./command.js";
import { inspect } from "./inspect-command.js";
import { recover } from "./recover-command.js";
import { serve } from "./serve-command.js";

export const COMMANDS: readonly CommandDefinition<{ readonly command: string }>[] = [inspect, recover, serve];
