// Typecheck fixture (tests/js/types.test.mjs): the package as an ES module user sees it (index.d.ts),
// under --strict. Not run.
import {
  signRequest, signRequestSync, init, HwCloudSignerError, HwCloudSignerTypeError, SignatureMismatchError,
  IamError, HuaweiCloudClient, TokenAuth, verifyRequest, buildTokenRequest, parseTokenResponse,
  type HwCloudSignerErrorCode, type SignedRequest,
} from 'hwcloud-signer';
import { init as initSlim } from 'hwcloud-signer/slim';

const credentials = { ak: 'AK', sk: 'SK' };

// The documented one-liner: a SignedRequest's fields are a valid fetch init (body included).
const s = await signRequest({ method: 'POST', url: 'https://vpc.cn-north-4.myhuaweicloud.com/v1/vpcs', body: new Uint8Array([1]) }, credentials);
await fetch(s.url, { method: s.method, headers: s.headers, body: s.body });
const sync: SignedRequest = signRequestSync({ url: new URL('https://h.example.com/') }, credentials, { signingDate: 0 });
new Request(sync.url, { method: sync.method, headers: sync.headers, body: sync.body });

await init();
await initSlim(new Uint8Array(8));

// @ts-expect-error: url is required
await signRequest({}, credentials);

// Errors: real classes, `instanceof` narrows, codes are the union.
function handle(err: unknown): string {
  if (err instanceof SignatureMismatchError) return `${err.status} ${err.gatewayCode} ${err.clientCanonicalRequest}`;
  if (err instanceof IamError) return `${err.status} ${err.iamCode ?? ''}`;
  if (err instanceof HwCloudSignerTypeError) return err.code;
  if (err instanceof HwCloudSignerError) {
    const code: HwCloudSignerErrorCode = err.code;
    return code === 'ERR_NETWORK' || code === 'ERR_SIGNATURE_MISMATCH' ? 'retry later' : code;
  }
  return String(err);
}
handle(new SignatureMismatchError('x'));
handle(new HwCloudSignerError('ERR_INVALID_URL', 'x'));
const mismatchCode: 'ERR_SIGNATURE_MISMATCH' = new SignatureMismatchError('x').code;

const client = new HuaweiCloudClient({ ak: 'AK', sk: 'SK', retries: 1 });
const res: Response = await client.fetch('https://vpc.cn-north-4.myhuaweicloud.com/v1/vpcs');
const auth = new TokenAuth({ domainName: 'd', userName: 'u', password: 'p', region: 'cn-north-4' });
const token: string = await auth.token();
const req = await buildTokenRequest({ domainName: 'd', userName: 'u', password: 'p' });
const info = await parseTokenResponse(await fetch(req.url, req));
const verdict = await verifyRequest(new Request('https://h/'), () => 'SK');
export { res, token, info, verdict, mismatchCode };
