import { describe, expect, it } from 'vitest';
import { authorizationHeader, hmacSha256Signature, percentEncode, signatureBaseString } from './oauth1';

// Vectors computed by hand (base strings written out) and signed with
// `printf '%s' "$BASE" | openssl dgst -sha256 -hmac "$KEY" -binary | base64`.
const credentials = {
  realm: '1234567_SB1',
  consumerKey: 'ck-test',
  consumerSecret: 'cs-test',
  tokenId: 'tk-test',
  tokenSecret: 'ts-test',
};
const URL_1 =
  'https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/salesOrder/eid:ord_abc?replace=item';
const BASE_1 =
  'POST&https%3A%2F%2F1234567-sb1.suitetalk.api.netsuite.com%2Fservices%2Frest%2Frecord%2Fv1%2FsalesOrder%2Feid%3Aord_abc&' +
  'oauth_consumer_key%3Dck-test%26oauth_nonce%3Dabc123%26oauth_signature_method%3DHMAC-SHA256%26' +
  'oauth_timestamp%3D1767225600%26oauth_token%3Dtk-test%26oauth_version%3D1.0%26replace%3Ditem';
const SIGNATURE_1 = 'i+Ifhb2MCeF+YODSNzAy5+boknBg5MZJAhYdPEODnPc=';

describe('netsuite OAuth 1.0a (TBA) signer', () => {
  it('percent-encodes per RFC 3986', () => {
    expect(percentEncode("a b!*'()~-_.")).toBe('a%20b%21%2A%27%28%29~-_.');
    expect(percentEncode('增')).toBe('%E5%A2%9E');
  });

  it('builds the base string over method, URL and sorted parameters, query included', () => {
    const oauth = {
      oauth_token: 'tk-test',
      oauth_consumer_key: 'ck-test',
      oauth_version: '1.0',
      oauth_nonce: 'abc123',
      oauth_timestamp: '1767225600',
      oauth_signature_method: 'HMAC-SHA256',
    };
    expect(signatureBaseString('post', URL_1, oauth)).toBe(BASE_1);
  });

  it('sorts repeated keys by value and double-encodes reserved characters', () => {
    expect(signatureBaseString('GET', 'https://EXAMPLE.com/a?c=~&b=x%20y!&a=2&a=1', {})).toBe(
      'GET&https%3A%2F%2Fexample.com%2Fa&a%3D1%26a%3D2%26b%3Dx%2520y%2521%26c%3D~',
    );
    expect(
      hmacSha256Signature(
        'GET&https%3A%2F%2Fexample.com%2Fa&a%3D1%26a%3D2%26b%3Dx%2520y%2521%26c%3D~',
        'c&s',
        '',
      ),
    ).toBe('15+MC9rEIxK2lTkXqo0CczSwJuWl24n7i7ruwMGY4pI=');
  });

  it('signs with HMAC-SHA256 keyed by consumer secret & token secret', () => {
    expect(hmacSha256Signature(BASE_1, 'cs-test', 'ts-test')).toBe(SIGNATURE_1);
  });

  it('puts realm and every oauth_* field in the header, signature percent-encoded', () => {
    const header = authorizationHeader(credentials, 'POST', URL_1, 'abc123', 1767225600);
    expect(header).toBe(
      'OAuth realm="1234567_SB1",oauth_consumer_key="ck-test",oauth_nonce="abc123",' +
        'oauth_signature_method="HMAC-SHA256",oauth_timestamp="1767225600",oauth_token="tk-test",' +
        `oauth_version="1.0",oauth_signature="${percentEncode(SIGNATURE_1)}"`,
    );
    expect(header).toContain('oauth_signature="i%2BIfhb2MCeF%2BYODSNzAy5%2BboknBg5MZJAhYdPEODnPc%3D"');
  });
});
