import type { SettingsTestStep } from '@postwerk/contracts';
import type { PrismaClient } from '@postwerk/db';
import type { MailFailure } from './mail-failure.ts';

/**
 * Writes a settings test's steps to its row as they happen, so the portal, polling the run,
 * shows each step the moment it starts and finishes, with its duration.
 */
export class TestRunRecorder {
  readonly #steps: SettingsTestStep[] = [];

  constructor(
    private readonly prisma: PrismaClient,
    private readonly runId: string,
  ) {}

  async begin(): Promise<void> {
    await this.prisma.settingsTestRun.update({
      where: { id: this.runId },
      data: { status: 'RUNNING' },
    });
  }

  /** Runs one step; on failure records the German explanation and rethrows. */
  async step<T>(
    key: string,
    label: string,
    work: () => Promise<T>,
    describe: (value: T) => string | undefined = () => undefined,
  ): Promise<T> {
    const step: SettingsTestStep = { key, label, status: 'running' };
    this.#steps.push(step);
    await this.save();
    const started = performance.now();
    try {
      const value = await work();
      Object.assign(step, { status: 'passed', detail: describe(value) });
      return value;
    } catch (error) {
      Object.assign(step, { status: 'failed' });
      throw error;
    } finally {
      step.durationMs = Math.round(performance.now() - started);
      await this.save();
    }
  }

  async fail(failure: MailFailure): Promise<void> {
    const last = this.#steps.at(-1);
    if (last) {
      Object.assign(last, {
        status: 'failed',
        errorCode: failure.code,
        messageDe: failure.messageDe,
        actionDe: failure.actionDe,
        detail: failure.detail,
      });
    }
    await this.finish('FAILED');
  }

  async finish(status: 'PASSED' | 'FAILED'): Promise<void> {
    await this.prisma.settingsTestRun.update({
      where: { id: this.runId },
      data: { status, steps: this.#steps, finishedAt: new Date() },
    });
  }

  private async save(): Promise<void> {
    await this.prisma.settingsTestRun.update({
      where: { id: this.runId },
      data: { steps: this.#steps },
    });
  }
}
