export { type CreatePrismaClientOptions, createPrismaClient } from './client.ts';
export * from './generated/client.ts';
export { type ApplyMigrationsOptions, applyMigrations, MIGRATIONS_DIR } from './migrations.ts';
export { hashPassword, verifyPassword } from './passwords.ts';
export { parseKeyring, SecretBox, SecretBoxError, type SecretContext } from './secret-box.ts';
