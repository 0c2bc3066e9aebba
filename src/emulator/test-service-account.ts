import { createSign, generateKeyPairSync } from 'node:crypto';

/** A Google service-account key file's fields (the JSON `gcloud iam service-accounts keys create` writes). */
export type ServiceAccountKey = {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  token_uri: string;
};

/**
 * A fresh RSA service account for tests: the key file (with `token_uri` at the emulator) and the
 * public key to register with `emulator.trustServiceAccount`, so signatures are really checked.
 */
export function createTestServiceAccount(tokenUri: string, project = 'switchyard-test'): { key: ServiceAccountKey; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key: ServiceAccountKey = {
    type: 'service_account',
    project_id: project,
    private_key_id: 'emulated-key-1',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: `gateway@${project}.iam.gserviceaccount.com`,
    client_id: '100000000000000000001',
    token_uri: tokenUri,
  };
  return { key, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** An RS256 JWT over `claims`, as a service account signs its token request. */
export function signTestJwt(claims: Record<string, unknown>, privateKeyPem: string, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' }): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode(header)}.${encode(claims)}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKeyPem).toString('base64url')}`;
}
