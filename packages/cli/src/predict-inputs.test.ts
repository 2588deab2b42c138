import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from './errors.js';
import { checkRows } from './predict-inputs.js';

const row = (length = 784, fill = 0.5) => Array.from({ length }, () => fill);

describe('checkRows', () => {
  it('accepts an array of 784-number rows', () => {
    assert.equal(checkRows([row(), row()], 'rows.json').length, 2);
  });

  it('names the file, the row and the cell at fault', () => {
    const cases: [unknown, string][] = [
      [{}, 'rows.json: must be a non-empty JSON array of rows of 784 numbers'],
      [[row(), row(783)], 'rows.json[1]: must be an array of 784 numbers (got 783 values)'],
      [['x'], 'rows.json[0]: must be an array of 784 numbers (got string)'],
      [[[...row(783), 'a']], 'rows.json[0][783]: must be a pixel value from 0 to 1 (got "a")'],
      [
        [[...row(10), 255, ...row(773)]],
        'rows.json[0][10]: must be a pixel value from 0 to 1 (got 255)',
      ],
    ];
    for (const [input, message] of cases) {
      assert.throws(
        () => checkRows(input, 'rows.json'),
        (error: unknown) => error instanceof UsageError && error.message === message,
        message,
      );
    }
  });
});
