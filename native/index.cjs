'use strict';
// The compiled addon, or an error saying why it is absent (not built, or
// libopenblas missing at run time). Callers fall back to the JS kernels.
const path = require('node:path');
try {
  module.exports = require(path.join(__dirname, 'build', 'Release', 'convgrade_native.node'));
} catch (e) {
  module.exports = { loadError: String((e && e.message) || e) };
}
