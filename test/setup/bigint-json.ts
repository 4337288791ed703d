// A bigint in a failing assertion used to crash the jest worker and hide the failure (jestjs/jest#11617).
// Serialise bigints as strings in tests only; production code never relies on this.
(BigInt.prototype as unknown as { toJSON: () => string }).toJSON = function toJSON(this: bigint) {
  return this.toString();
};
