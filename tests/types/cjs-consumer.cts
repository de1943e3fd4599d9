// Typecheck fixture (tests/js/types.test.mjs): the package as a CommonJS user sees it through the
// `require` condition (index.d.cts), under --strict. Not run.
import hw = require('hwcloud-signer');

async function main(): Promise<void> {
  const s = await hw.signRequest({ url: 'https://vpc.cn-north-4.myhuaweicloud.com/v1/vpcs', body: 'x', method: 'PUT' }, { ak: 'AK', sk: 'SK' });
  await fetch(s.url, { method: s.method, headers: s.headers, body: s.body });
  try {
    hw.signRequestSync({ url: 'nope' }, { ak: 'AK', sk: 'SK' });
  } catch (err) {
    if (err instanceof hw.SignatureMismatchError) console.log(err.serverCanonicalRequest);
    else if (err instanceof hw.HwCloudSignerError) {
      const code: hw.HwCloudSignerErrorCode = err.code;
      console.log(code);
    }
  }
  // @ts-expect-error: credentials are required
  await hw.signRequest({ url: 'https://h/' });
}
main();
