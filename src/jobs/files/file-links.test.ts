import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkFileLink, signedFileUrl } from './file-links.ts';

describe('signed file links', () => {
  const url = new URL(signedFileUrl('http://127.0.0.1:8080/', 'file_abcdefgh', 2_000_000_000, 'secret'));

  it('open the file they name until they expire', () => {
    assert.equal(url.pathname, '/v1/files/file_abcdefgh');
    assert.equal(checkFileLink('file_abcdefgh', url.searchParams.get('expires'), url.searchParams.get('sig'), 'secret', 1_999_999_999), 'ok');
    assert.equal(checkFileLink('file_abcdefgh', url.searchParams.get('expires'), url.searchParams.get('sig'), 'secret', 2_000_000_000), 'expired');
  });

  it('do not open another file, under another secret, or with a moved expiry', () => {
    const sig = url.searchParams.get('sig');
    assert.equal(checkFileLink('file_other123', '2000000000', sig, 'secret', 0), 'invalid');
    assert.equal(checkFileLink('file_abcdefgh', '2000000000', sig, 'other', 0), 'invalid');
    assert.equal(checkFileLink('file_abcdefgh', '2000000001', sig, 'secret', 0), 'invalid');
    assert.equal(checkFileLink('file_abcdefgh', null, sig, 'secret', 0), 'invalid');
    assert.equal(checkFileLink('file_abcdefgh', '2000000000', 'zz', 'secret', 0), 'invalid');
  });
});
