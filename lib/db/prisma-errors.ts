/** Prisma's "unique constraint failed" (P2002), whichever driver adapter raised it. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}

/** Prisma's "record to update/delete not found" (P2025). */
export function isNotFound(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2025";
}
