/** Prisma's code for a unique constraint violation (P2002), checked without importing Prisma. */
export function isUniqueViolation(error: unknown, field?: string): boolean {
  if (
    typeof error !== 'object' ||
    error === null ||
    (error as { code?: string }).code !== 'P2002'
  ) {
    return false;
  }
  if (!field) {
    return true;
  }
  return JSON.stringify((error as { meta?: unknown }).meta ?? {}).includes(field);
}
