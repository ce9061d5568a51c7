// Test tooling for suites outside this package (`@omnicart/api/testing`): the whole platform in
// processes, and the in-memory OTLP receiver. Never imported by code that ships.
export { startCommercePlatform, type CommercePlatform, type CommercePlatformOptions } from './commerce.js';
export { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';
export { freePort } from './processes.js';
