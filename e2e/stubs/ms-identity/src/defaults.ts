/** Password shared by every default test user, so the demo and Playwright need only one. */
export const DEFAULT_PASSWORD = 'Postwerk-Demo-1';

/** Directory id of the test tenant that owns the domain `bau-firma.de`. */
export const BAU_FIRMA_TID = '3c5f8e2a-7b14-4d6e-9a21-0f8b6c4d2e91';

/** Directory id of a second tenant, for "account from the wrong tenant" cases. */
export const ANDERER_MANDANT_TID = 'a81d4c27-5e93-4b0f-8c6a-2d7e1f3b9c05';

/** Microsoft's fixed tenant id for personal accounts (the `consumers` tenant). */
export const CONSUMERS_TID = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** The users every stub knows unless `users` is given. */
export const DEFAULT_TEST_USERS = [
  {
    email: 'becker@bau-firma.de',
    password: DEFAULT_PASSWORD,
    displayName: 'Jonas Becker',
    tid: BAU_FIRMA_TID,
    oid: '6e2b1f4a-8c3d-4e5f-9a7b-1c2d3e4f5a01',
  },
  {
    email: 'mueller@bau-firma.de',
    password: DEFAULT_PASSWORD,
    displayName: 'Sabine Müller',
    tid: BAU_FIRMA_TID,
    oid: '6e2b1f4a-8c3d-4e5f-9a7b-1c2d3e4f5a02',
  },
  {
    // A shared mailbox that also has a sign-in, as some small firms set it up.
    email: 'info@bau-firma.de',
    password: DEFAULT_PASSWORD,
    displayName: 'Bau-Firma Info',
    tid: BAU_FIRMA_TID,
    oid: '6e2b1f4a-8c3d-4e5f-9a7b-1c2d3e4f5a03',
  },
  {
    email: 'admin@bau-firma.de',
    password: DEFAULT_PASSWORD,
    displayName: 'Bau-Firma Admin',
    tid: BAU_FIRMA_TID,
    oid: '6e2b1f4a-8c3d-4e5f-9a7b-1c2d3e4f5a04',
    isTenantAdmin: true,
  },
  {
    email: 'user@anderer-mandant.example',
    password: DEFAULT_PASSWORD,
    displayName: 'Erika Beispiel',
    tid: ANDERER_MANDANT_TID,
    oid: 'd4a7c9e2-3b5f-4a1c-8e6d-7f9a0b1c2d05',
  },
];

/** The confidential client the Postwerk API uses locally. */
export const DEFAULT_CLIENT = {
  clientId: 'postwerk-local',
  clientSecret: 'postwerk-local-secret',
  displayName: 'Postwerk',
  redirectUris: [
    'http://localhost:3000/api/auth/microsoft/callback',
    'http://127.0.0.1:3000/api/auth/microsoft/callback',
  ],
};
