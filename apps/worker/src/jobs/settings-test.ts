import { SettingsTestJob } from '@postwerk/contracts';
import type { Job } from 'bullmq';
import type { WorkerDeps } from '../deps.ts';
import { incomingServerFor, outgoingServerFor } from '../mail/company-servers.ts';
import { describeOauthLogin, loadMailbox } from '../mail/endpoints.ts';
import { describeFailure } from '../mail/mail-failure.ts';
import { recordMailboxSuccess } from '../mail/mailbox-status.ts';
import { isTokenRefused } from '../mail/microsoft-link-state.ts';
import { TestRunRecorder } from '../mail/test-run-recorder.ts';
import { runFullLoopTest } from './settings-test/full-loop.ts';
import { runIncomingTest } from './settings-test/incoming.ts';

/**
 * [Einstellungen testen]: runs the incoming test (connect, TLS, authenticate, list) or the
 * full loop (send to the mailbox's own address, fetch it back, find it in the inbox), and
 * records each step with its time and, on failure, what to do.
 */
export async function processSettingsTest(
  deps: WorkerDeps,
  job: Job,
): Promise<{ status: string; code?: string }> {
  const { tenantId, testRunId } = SettingsTestJob.parse(job.data);
  const log = deps.log.child({ queue: job.queueName, jobId: job.id });
  const run = await deps.prisma.settingsTestRun.findFirst({ where: { id: testRunId, tenantId } });
  const own = run ? await loadMailbox(deps, tenantId, run.mailboxId) : null;
  if (!run || !own) {
    return { status: 'MISSING' };
  }
  const recorder = new TestRunRecorder(deps.prisma, run.id);
  await recorder.begin();
  const protocol = run.kind === 'INCOMING' ? 'POP3' : 'SMTP';
  // From here on "the mailbox" carries the servers under test: the company's, if chosen.
  let mailbox = own;

  try {
    if (run.companyId) {
      mailbox = await recorder.step(
        'company',
        'Server für die gewählte Firma bestimmen',
        () => withCompanyServers(deps, own, run.companyId as string),
        describeCompanyServers,
      );
    }
    if (run.kind === 'INCOMING') {
      await runIncomingTest(deps, mailbox, recorder, log);
    } else {
      await runFullLoopTest(deps, mailbox, run.id, recorder, log);
    }
    // A passed test proves what a send or poll would: the mailbox is OK from here on. Set
    // before the run reads PASSED: the card reloads the mailbox's status the moment it does.
    await recordMailboxSuccess(deps, mailbox.id, 'poll');
    if (run.kind === 'FULL_LOOP') {
      await recordMailboxSuccess(deps, mailbox.id, 'send');
    }
    await recorder.finish('PASSED');
    log.info({ testRunId, kind: run.kind }, 'settings test passed');
    return { status: 'PASSED' };
  } catch (error) {
    const failedProtocol = (error as { protocol?: 'SMTP' | 'POP3' }).protocol ?? protocol;
    // The full loop's steps name their protocol: its fetch step failed on the incoming server.
    const server = failedProtocol === 'POP3' ? mailbox.incomingServer : mailbox.outgoingServer;
    const isOauthRefusal = server?.authMethod === 'OAUTH2' && isTokenRefused(error);
    const failure = describeFailure(error, {
      protocol: failedProtocol,
      security: server?.security,
      port: server?.port,
      authType: server?.authMethod === 'OAUTH2' ? 'oauth2' : 'password',
      // Started by hand: nothing retries it, so no "wird automatisch wiederholt".
      manualTest: true,
      ...(isOauthRefusal ? await describeOauthLogin(deps, mailbox) : {}),
    });
    await recorder.fail(failure);
    log.info({ testRunId, kind: run.kind, code: failure.code }, 'settings test failed');
    // The code lets the metrics count findings by cause (the job itself completed).
    return { status: 'FAILED', code: failure.code };
  }
}

type TestedMailbox = NonNullable<Awaited<ReturnType<typeof loadMailbox>>> & {
  companyName?: string;
  sources?: { outgoing: string; incoming: string };
};

/**
 * The mailbox with the servers a message for the company would use (company-servers.ts):
 * the company's choice where it made one, the mailbox's own otherwise.
 */
async function withCompanyServers(
  deps: WorkerDeps,
  mailbox: TestedMailbox,
  companyId: string,
): Promise<TestedMailbox> {
  const settings = await deps.prisma.tenantSettings.findUniqueOrThrow({
    where: { tenantId: mailbox.tenantId },
  });
  const company = await deps.prisma.company.findFirst({
    where: { id: companyId, tenantId: mailbox.tenantId },
    select: { name: true },
  });
  const outgoing = await outgoingServerFor(deps, mailbox, settings, companyId);
  const incoming = await incomingServerFor(deps, mailbox, settings, companyId);
  return {
    ...mailbox,
    outgoingServer: outgoing.server,
    incomingServer: incoming.server,
    companyName: company?.name,
    sources: { outgoing: outgoing.source, incoming: incoming.source },
  };
}

/** E.g. „Bau GmbH“: Postausgang „M365 Bau“ (Auswahl der Firma), Posteingang wie beim Postfach. */
function describeCompanyServers(tested: TestedMailbox): string {
  const name = (server: { name: string } | null, source: string | undefined) => {
    if (!server) {
      return 'keiner';
    }
    return source === 'COMPANY_SERVER'
      ? `„${server.name}“ (Auswahl der Firma)`
      : `„${server.name}“ (Server des Postfachs)`;
  };
  const company = tested.companyName ? `„${tested.companyName}“: ` : '';
  return (
    `${company}Postausgang ${name(tested.outgoingServer, tested.sources?.outgoing)}, ` +
    `Posteingang ${name(tested.incomingServer, tested.sources?.incoming)}`
  );
}
