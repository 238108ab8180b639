// Shapes of the API's JSON replies and bodies, written from its OpenAPI document
// (/docs/json). Known limit: they are maintained by hand; when the API changes a schema,
// these types do not notice until a screen breaks.

export type Role = 'FIRM_ADMIN' | 'SUPPORT';

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  tenant: { id: string; slug: string; name: string } | null;
};

export type Impersonation = {
  id: string;
  tenant: { id: string; slug: string; name: string };
  reason: string;
  readOnly: boolean;
  startedAt: string;
  expiresAt: string;
  secondsLeft: number;
};

export type SessionReply = {
  user: SessionUser | null;
  csrfToken: string;
  impersonation?: Impersonation | null;
};

export type SupportTenant = {
  id: string;
  slug: string;
  name: string;
  requireSupportApproval: boolean;
};

export type SupportMailbox = {
  id: string;
  code: string;
  kind: 'EMPLOYEE' | 'PUBLIC';
  displayName: string;
  externalAddress: string;
  status: MailboxStatus;
  statusCode: string | null;
  lastSentAt: string | null;
  lastPolledAt: string | null;
};

export type SupportTenantDetail = SupportTenant & { mailboxes: SupportMailbox[] };

export type AccessRequestStatus = 'PENDING' | 'APPROVED' | 'DECLINED' | 'EXPIRED' | 'USED';

export type AccessRequest = {
  id: string;
  tenantId: string;
  reason: string;
  status: AccessRequestStatus;
  supportUser: { id: string; name: string };
  expiresAt: string;
  decidedAt: string | null;
  createdAt: string;
};

export type AuditEvent = {
  id: string;
  action: string;
  reason: string | null;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  createdAt: string;
  actor: { id: string; name: string; role: Role } | null;
};

/** One field's problem: a stable code the portal words itself, its values, the API's German. */
export type FieldIssue = {
  path: string;
  code: string;
  message: string;
  params?: Record<string, string | number>;
};

export type ErrorBody = {
  error: {
    code: string;
    message: string;
    fields?: FieldIssue[];
    details?: Record<string, unknown>;
  };
};

export type Company = { id: string; name: string; domains: string[]; createdAt: string };

export type CompanyInput = { name: string; domains: string[] };

export type MailboxKind = 'EMPLOYEE' | 'PUBLIC';

export type MailboxStatus = 'UNTESTED' | 'OK' | 'SIGN_IN_REQUIRED' | 'SEND_FAILED' | 'FETCH_FAILED';

export type MicrosoftAccount = {
  upn: string;
  email: string | null;
  status: 'ACTIVE' | 'DEAD';
  deadCode: string | null;
  identityMismatch: boolean;
  linkedAt: string;
};

export type CompanyServers = {
  companyId: string;
  outgoingServerId: string | null;
  incomingServerId: string | null;
};

export type Mailbox = {
  id: string;
  kind: MailboxKind;
  code: string;
  displayName: string;
  externalAddress: string;
  relayAddress: string;
  incomingRelayAddress: string;
  outgoingServerId: string | null;
  incomingServerId: string | null;
  keepCopyOnServer: boolean;
  pollIntervalMinutes: number;
  status: MailboxStatus;
  statusCode: string | null;
  lastSentAt: string | null;
  lastPolledAt: string | null;
  companyServers: CompanyServers[];
  microsoftAccount: MicrosoftAccount | null;
};

export type MailboxInput = {
  kind: MailboxKind;
  code: string;
  displayName: string;
  externalAddress: string;
  relayAddress?: string | null;
  incomingRelayAddress?: string | null;
  outgoingServerId?: string | null;
  incomingServerId?: string | null;
  keepCopyOnServer?: boolean;
  pollIntervalMinutes?: number;
  companyServers?: CompanyServers[];
};

export type ServerRole = 'outgoing' | 'incoming';

export type Security = 'STARTTLS' | 'TLS' | 'NONE';

export type AuthMethod = 'NONE' | 'PASSWORD' | 'OAUTH2';

export type MailServer = {
  id: string;
  name: string;
  host: string;
  port: number;
  security: Security;
  authMethod: AuthMethod;
  username: string | null;
  hasPassword: boolean;
  protocol?: 'POP3';
  createdAt: string;
  updatedAt: string;
};

export type MailServerInput = {
  name: string;
  host: string;
  port: number;
  security: Security;
  authMethod: AuthMethod;
  username?: string | null;
  /** Omitted on update: the API keeps the stored password. */
  password?: string | null;
};

export type ServerPreset = Pick<MailServer, 'name' | 'host' | 'port' | 'security' | 'authMethod'>;

export type Presets = { microsoft365: { outgoing: ServerPreset; incoming: ServerPreset } };

export type Settings = {
  sendRoute: 'RELAY' | 'EXTERNAL';
  directConnection: boolean;
  logSmtpSessions: boolean;
  fetchFromIncoming: boolean;
  logPop3Sessions: boolean;
  serversPerCompany: boolean;
  gobdDuplication: boolean;
  updatedAt?: string;
};

/** The API path of each server role; the portal's own URLs use German words. */
export const SERVER_API_PATH: Record<ServerRole, string> = {
  outgoing: '/api/outgoing-servers',
  incoming: '/api/incoming-servers',
};

export type ConsentLinkState = 'OPEN' | 'USED' | 'EXPIRED' | 'REVOKED';

export type ConsentLink = {
  id: string;
  state: ConsentLinkState;
  expiresAt: string;
  usedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
};

/** Only the reply to creating a link carries its URL; the API keeps a hash, never the token. */
export type CreatedConsentLink = ConsentLink & { url: string };

export type ApiKey = {
  id: string;
  name: string;
  /** The start of the key (`pwk_1a2b3c4d`), to tell keys apart. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdBy: { name: string } | null;
};

/** Only the reply to creating a key carries the key; the API keeps its SHA-256. */
export type CreatedApiKey = ApiKey & { key: string };

export type SettingsTestKind = 'INCOMING' | 'FULL_LOOP';

export type SettingsTestStep = {
  key: string;
  /** German, written by the worker. */
  label: string;
  status: 'running' | 'passed' | 'failed';
  durationMs?: number;
  detail?: string;
  errorCode?: string;
  messageDe?: string;
  actionDe?: string;
};

export type SettingsTestRun = {
  id: string;
  mailboxId: string;
  kind: SettingsTestKind;
  status: 'QUEUED' | 'RUNNING' | 'PASSED' | 'FAILED';
  steps: SettingsTestStep[];
  /** The company whose servers were tested; null: the mailbox's own. */
  companyId: string | null;
  createdAt: string;
  finishedAt: string | null;
};

export type InboxItem = {
  id: string;
  mailboxId: string;
  size: number;
  messageId: string | null;
  subject: string | null;
  fromAddress: string | null;
  fromName: string | null;
  sentDate: string | null;
  receivedAt: string;
};

export type InboxMessage = InboxItem & {
  headers: { key: string; value: string }[];
  text: string | null;
  attachments: { filename: string | null; contentType: string; size: number }[];
};

export type LogProtocol = 'SMTP' | 'POP3';

export type SessionLogSummary = {
  id: string;
  mailboxId: string | null;
  protocol: LogProtocol;
  host: string;
  outcome: string | null;
  startedAt: string;
  endedAt: string | null;
  lineCount: number;
};

export type SessionLogLine = { at: string; direction: 'CLIENT' | 'SERVER' | 'INFO'; text: string };

export type SessionLogDetail = Omit<SessionLogSummary, 'lineCount'> & { lines: SessionLogLine[] };
