import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from './index.ts';
import { createTestServiceAccount, signTestJwt } from './test-service-account.ts';

// The Google OAuth token endpoint a service account exchanges its signed JWT at (JWT bearer grant, RFC 7523).

let emulator: Emulator;
let tokenUri: string;
const trusted = createTestServiceAccount('placeholder');
const stranger = createTestServiceAccount('placeholder', 'other-project');

before(async () => {
  emulator = await startEmulator();
  tokenUri = `${emulator.url}/google-oauth/token`;
  emulator.trustServiceAccount(trusted.key.client_email, trusted.publicKeyPem);
});
after(() => emulator.close());

const claims = (overrides: Record<string, unknown> = {}) => {
  const now = Math.floor(Date.now() / 1000);
  return { iss: trusted.key.client_email, scope: 'https://www.googleapis.com/auth/cloud-platform', aud: tokenUri, iat: now, exp: now + 3600, ...overrides };
};

async function exchange(assertion: string, grantType = 'urn:ietf:params:oauth:grant-type:jwt-bearer'): Promise<{ status: number; body: any }> {
  const response = await fetch(tokenUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: grantType, assertion }).toString(),
  });
  return { status: response.status, body: await response.json() };
}

describe('Google OAuth token endpoint', () => {
  test('a well-formed, correctly signed assertion gets a bearer token for an hour, and is counted', async () => {
    const before = emulator.oauthTokensIssued();
    const { status, body } = await exchange(signTestJwt(claims(), trusted.key.private_key));
    assert.equal(status, 200);
    assert.match(body.access_token, /^ya29\./);
    assert.equal(body.expires_in, 3599);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(emulator.oauthTokensIssued(), before + 1);
    const counts = (await (await fetch(`${emulator.url}/_emulator/google-oauth`)).json()) as { issued: number; trusted: string[] };
    assert.deepEqual(counts, { issued: before + 1, trusted: [trusted.key.client_email] });
  });

  test("a trusted account's assertion signed with another key is refused: invalid_grant", async () => {
    const { status, body } = await exchange(signTestJwt(claims(), stranger.key.private_key));
    assert.equal(status, 400);
    assert.deepEqual(body, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
  });

  test('an account with no registered key is checked for structure only', async () => {
    const { status } = await exchange(signTestJwt(claims({ iss: stranger.key.client_email }), stranger.key.private_key));
    assert.equal(status, 200);
  });

  test('the grant type, algorithm, audience, scope and lifetime are all checked', async () => {
    const key = trusted.key.private_key;
    const cases: Array<[string, Promise<{ status: number; body: any }>, string, RegExp]> = [
      ['grant type', exchange(signTestJwt(claims(), key), 'client_credentials'), 'unsupported_grant_type', /Invalid grant_type/],
      ['not a JWT', exchange('not-a-jwt'), 'invalid_grant', /three base64url segments/],
      ['HS256', exchange(signTestJwt(claims(), key, { alg: 'HS256', typ: 'JWT' })), 'invalid_grant', /RS256/],
      ['audience', exchange(signTestJwt(claims({ aud: 'https://example.com/token' }), key)), 'invalid_grant', /audience/],
      ['scope', exchange(signTestJwt(claims({ scope: undefined }), key)), 'invalid_scope', /scope/],
      ['expired', exchange(signTestJwt(claims({ iat: 1_000_000, exp: 1_003_600 }), key)), 'invalid_grant', /iat and exp/],
      ['too long-lived', exchange(signTestJwt(claims({ exp: Math.floor(Date.now() / 1000) + 7200 }), key)), 'invalid_grant', /60 minutes/],
    ];
    for (const [name, pending, error, description] of cases) {
      const { status, body } = await pending;
      assert.equal(status, 400, name);
      assert.equal(body.error, error, name);
      assert.match(body.error_description, description, name);
    }
  });

  test('the Google token URI is an accepted audience too, as real key files name it', async () => {
    const { status } = await exchange(signTestJwt(claims({ aud: 'https://oauth2.googleapis.com/token' }), trusted.key.private_key));
    assert.equal(status, 200);
  });

  test('keys can be trusted over the control API', async () => {
    const other = createTestServiceAccount('placeholder', 'third');
    const response = await fetch(`${emulator.url}/_emulator/google-oauth/keys`, {
      method: 'POST',
      body: JSON.stringify({ client_email: other.key.client_email, public_key: other.publicKeyPem }),
    });
    assert.equal(response.status, 201);
    const forged = await exchange(signTestJwt(claims({ iss: other.key.client_email }), trusted.key.private_key));
    assert.equal(forged.status, 400);
  });
});
