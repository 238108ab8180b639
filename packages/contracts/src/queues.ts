/** BullMQ queue names shared by api (producer) and worker (consumer). */
export const QUEUE_NAMES = {
  health: 'health',
  sendMail: 'send-mail',
  pollPop3: 'poll-pop3',
  settingsTest: 'settings-test',
  maintenance: 'maintenance',
} as const;
