import type { SelectOption } from '@/components/select-field';
import type { MailServer } from '@/lib/api-types';

/** Select options for servers: first the "none" choice, then each server with its address. */
export function toServerOptions(servers: MailServer[], noneLabel: string): SelectOption[] {
  return [
    { value: '', label: noneLabel },
    ...servers.map((server) => ({
      value: server.id,
      label: `${server.name} (${server.host}:${server.port})`,
    })),
  ];
}

export function findServer(servers: MailServer[], id: string): MailServer | undefined {
  return id ? servers.find((server) => server.id === id) : undefined;
}
