// Mocha's spec reporter, plus one closing line in the plain form CI tooling reads:
// "mocha: N passed, N failed, N skipped". Mocha's own "N passing" line is not a form CI recognises.
'use strict';
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const s = runner.stats ?? {};
      process.stdout.write(
        `mocha: ${s.passes ?? 0} passed, ${s.failures ?? 0} failed, ${s.pending ?? 0} skipped\n`,
      );
    });
  }
}
module.exports = SummaryReporter;
