// short.js loads charts.js in a bare window and prints, for each number
// given on the command line, the tooltip's short form of it: the numbers
// a chart shows on hover, to compare with Go's Format.Short.
'use strict';
const fs = require('fs');
const vm = require('vm');
const [, , script, compact, ...values] = process.argv;
const sandbox = {
  window: { addEventListener() {}, matchMedia: () => ({ matches: false, addEventListener() {} }) },
  document: { readyState: 'complete', querySelectorAll: () => [], addEventListener() {} },
  getComputedStyle: () => ({ getPropertyValue: () => '' }),
  Intl, Number, Math, String, console,
};
sandbox.window.document = sandbox.document;
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(script, 'utf8'), sandbox);
const f = sandbox.window.opsreportCharts.formats({ dataset: { compact, prefix: '$', locale: 'en-US', decimals: '0' } });
for (const v of values) { console.log(f.value(Number(v))); }
