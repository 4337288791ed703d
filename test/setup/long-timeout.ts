// Conformance and e2e tests start servers and stores; unit tests keep jest's 5 s default.
jest.setTimeout(180_000);
