// Starts the demo stack in the foreground; Ctrl-C stops every service.
import { startStack } from './lib/stack.ts';
import { PROFILES } from './lib/stack-profile.ts';

const stack = await startStack(PROFILES.demo);

console.log(`
Postwerk demo is running.

  Portal:          ${stack.webUrl}
  Firm admin:      admin@bau-firma.de / Postwerk-Demo-1
  Vendor support:  support@postwerk.example / Postwerk-Support-1
  API docs:        ${stack.apiUrl}/docs
  Microsoft stand-in sign-in (any mailbox): becker@bau-firma.de / Postwerk-Demo-1
  Logs:            ${stack.profile.runDir}/logs/

Press Ctrl-C to stop.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) {
      return;
    }
    stopping = true;
    console.log('stopping…');
    void stack.stop().then(() => process.exit(0));
  });
}
