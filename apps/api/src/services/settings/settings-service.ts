import type { PrismaClient, TenantSettings } from '@postwerk/db';

export type SettingsInput = Omit<TenantSettings, 'tenantId' | 'updatedAt'>;

/** "Einstellungen für alle Firmen → Kommunikation" of one tenant. */
export class SettingsService {
  constructor(private readonly prisma: PrismaClient) {}

  /** Reads the settings; a tenant without a row gets the defaults written once. */
  async get(tenantId: string): Promise<TenantSettings> {
    // Read first: an upsert with nothing to update costs three statements on every read.
    const existing = await this.prisma.tenantSettings.findUnique({ where: { tenantId } });
    return (
      existing ??
      this.prisma.tenantSettings.upsert({ where: { tenantId }, create: { tenantId }, update: {} })
    );
  }

  update(tenantId: string, input: SettingsInput): Promise<TenantSettings> {
    return this.prisma.tenantSettings.upsert({
      where: { tenantId },
      create: { tenantId, ...input },
      update: input,
    });
  }
}
