import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { erf, erfc, logH, logNormCdf, logSumExp, normCdf, normCdfFast, normPdf } from './normal.js';

function close(actual: number, expected: number, rel = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${actual} vs ${expected}`);
}

describe('normal distribution functions', () => {
  it('match reference values of erf and erfc, including the far tail', () => {
    close(erf(0.5), 0.5204998778130465);
    close(erf(1), 0.8427007929497149);
    close(erf(-1), -0.8427007929497149);
    close(erfc(2), 0.004677734981047266);
    close(erfc(3), 2.209049699858544e-5);
    close(erfc(5), 1.5374597944280349e-12);
    close(erfc(10), 2.088487583762545e-45);
    close(erfc(-2), 1.9953222650189528);
    assert.equal(erf(0), 0);
  });

  it('gives the normal CDF and density', () => {
    close(normCdf(0), 0.5);
    close(normCdf(1.96), 0.9750021048517795);
    close(normCdf(-8), 6.22096057427178e-16, 1e-10);
    close(normPdf(1), 0.24197072451914337);
    close(logNormCdf(-40), -804.6084420137538, 1e-10);
    close(logNormCdf(-1), Math.log(normCdf(-1)));
  });

  it('has a fast CDF within 1e-7 of the accurate one', () => {
    for (let z = -8; z <= 8; z += 0.01)
      assert.ok(Math.abs(normCdfFast(z) - normCdf(z)) < 1e-7, String(z));
  });

  it('computes log(phi(z) + z Phi(z)) smoothly across its branches', () => {
    close(logH(0), Math.log(normPdf(0)));
    close(logH(1), Math.log(normPdf(1) + normCdf(1)));
    // Both branches agree near the switch point.
    const direct = Math.log(normPdf(-3.0001) - 3.0001 * normCdf(-3.0001));
    close(logH(-3.0001), direct, 1e-9);
    // Far tail: h(z) ~ phi(z) / z^2, so log h ~ -z^2/2 - log(sqrt(2 pi)) - 2 log|z|.
    const z = -50;
    close(
      logH(z),
      -0.5 * z * z -
        0.5 * Math.log(2 * Math.PI) -
        2 * Math.log(50) +
        Math.log(1 - 3 / 2500 + 15 / 2500 ** 2),
      1e-6,
    );
    assert.ok(Number.isFinite(logH(-1e4)));
  });

  it('adds in log space without overflow', () => {
    close(logSumExp([1000, 1000]), 1000 + Math.LN2);
    assert.equal(logSumExp([]), -Infinity);
  });
});
