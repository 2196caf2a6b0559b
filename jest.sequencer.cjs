// The e2e suites' test order (jest.preset.cjs): files whose opening comment says `@runFirst`
// start before the rest, then jest's own order. Without timings from an earlier run (a clean
// checkout) jest starts the largest files first, so a small file that waits for minutes could
// start last and keep one worker busy long after the other had run out of files.
const { readFileSync } = require('node:fs');
const Sequencer = require('@jest/test-sequencer').default;

const RUN_FIRST = /^\/\*\*(?:(?!\*\/)[\s\S])*@runFirst\b/;

module.exports = class RunFirstSequencer extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    const first = sorted.filter((test) => RUN_FIRST.test(readFileSync(test.path, 'utf8')));
    return [...first, ...sorted.filter((test) => !first.includes(test))];
  }
};
