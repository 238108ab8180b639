/** Shapes of the deliverability endpoints (see the API's OpenAPI document). */
export type Verdict = 'DELIVERED' | 'LIKELY_SPAM' | 'REJECTED_BY_STRICT_RECEIVERS' | 'ERROR';
export type DeliveryRoute = 'RELAY' | 'MICROSOFT_365' | 'OTHER_SMTP';

export type Finding = {
  area: string;
  code: string;
  impact: string;
  message: string;
  current?: string;
  record?: string;
};

export type DeliverabilityCheck = {
  id: string;
  route: DeliveryRoute;
  serverHost: string | null;
  verdict: Verdict;
  summary: string;
  checkedAt: string;
  findings: Finding[];
  previousVerdict?: Verdict | null;
  changed?: boolean;
};

export type DomainChecks = {
  companyDomainId: string;
  domain: string;
  checks: DeliverabilityCheck[];
};

export type OverviewEntry = {
  companyId: string;
  companyName: string;
  domain: string;
  route: DeliveryRoute;
  serverHost: string | null;
  verdict: Verdict;
  checkedAt: string;
  previousVerdict: Verdict | null;
  changed: boolean;
};
