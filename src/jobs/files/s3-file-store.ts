import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { isFileId, type FileStore, type StoredFile } from './file-store.ts';

export type S3FileStoreOptions = {
  /** `https://s3.us-east-1.amazonaws.com`, `http://127.0.0.1:9000` (MinIO), an R2 endpoint... */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Prepended to every object key (`switchyard/`). */
  prefix?: string;
  fetch?: typeof fetch;
  now?: () => Date;
};

/**
 * Files in any S3-compatible object store (AWS S3, MinIO, Cloudflare R2), path-style
 * (`<endpoint>/<bucket>/<key>`) so it works with custom endpoints, signed with SigV4.
 */
export class S3FileStore implements FileStore {
  readonly #options: S3FileStoreOptions;
  readonly #signer: SignatureV4;
  readonly #fetch: typeof fetch;

  constructor(options: S3FileStoreOptions) {
    this.#options = { ...options, endpoint: options.endpoint.replace(/\/+$/, '') };
    this.#fetch = options.fetch ?? fetch;
    this.#signer = new SignatureV4({
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, sessionToken: options.sessionToken },
      region: options.region,
      service: 's3',
      sha256: Sha256,
      // S3 signs the path as sent, not encoded a second time as other AWS services expect.
      uriEscapePath: false,
    });
  }

  async put(id: string, data: Uint8Array, mediaType: string): Promise<void> {
    if (!isFileId(id)) throw new RangeError(`Not a file id: ${id}`);
    const url = this.#url(id);
    const signed = await this.#sign('PUT', url, { 'content-type': mediaType, 'content-length': String(data.byteLength) }, data);
    const response = await this.#fetch(url, { method: 'PUT', headers: signed, body: data });
    const text = await response.text();
    if (!response.ok) throw new Error(`S3 PUT ${id} answered ${response.status}: ${text.slice(0, 300)}`);
  }

  async get(id: string): Promise<StoredFile | undefined> {
    if (!isFileId(id)) return undefined;
    const url = this.#url(id);
    const response = await this.#fetch(url, { method: 'GET', headers: await this.#sign('GET', url, {}) });
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) throw new Error(`S3 GET ${id} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    return { data: new Uint8Array(await response.arrayBuffer()), mediaType: response.headers.get('content-type') ?? 'application/octet-stream' };
  }

  /** A presigned GET URL for the object, valid for `expiresInSeconds` (at most 7 days, S3's limit). */
  async presignedUrl(id: string, expiresInSeconds: number): Promise<string> {
    const url = new URL(this.#url(id));
    const presigned = await this.#signer.presign(
      { method: 'GET', protocol: url.protocol, hostname: url.hostname, ...(url.port ? { port: Number(url.port) } : {}), path: url.pathname, query: {}, headers: { host: url.host } },
      { expiresIn: Math.min(expiresInSeconds, 604_800), signingDate: this.#options.now?.() },
    );
    const query = new URLSearchParams(presigned.query as Record<string, string>);
    return `${url.origin}${url.pathname}?${query}`;
  }

  #url(id: string): string {
    const key = `${this.#options.prefix ?? ''}${id}`;
    return `${this.#options.endpoint}/${encodeURIComponent(this.#options.bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
  }

  async #sign(method: string, href: string, headers: Record<string, string>, body?: Uint8Array): Promise<Record<string, string>> {
    const url = new URL(href);
    const signed = await this.#signer.sign(
      {
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname,
        query: {},
        headers: { ...headers, host: url.host, 'x-amz-content-sha256': body ? await sha256Hex(body) : EMPTY_SHA256 },
        body,
      },
      { signingDate: this.#options.now?.() },
    );
    const { host: _host, ...rest } = signed.headers as Record<string, string>;
    return rest;
  }
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

async function sha256Hex(data: Uint8Array): Promise<string> {
  const hash = new Sha256();
  hash.update(data);
  return Buffer.from(await hash.digest()).toString('hex');
}
