/**
 * Where a refused permission is reported (the audit log). Interfaces that check permissions
 * themselves, such as MCP per tool, depend on this and not on the feature that keeps the log.
 */
export abstract class PermissionRefusals {
  /** Never throws and never waits: the refusal is answered at once. */
  abstract recordRefusal(actor: string | null, subject: string, detail: string, ip: string | null): void;
}
