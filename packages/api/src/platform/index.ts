// The platform layer: the registry of domains and everything derived from it (the composed
// environment, hosting domains, the gateway's routing, the published documents, the event
// catalogue). The CLIs, the bench and the test platforms build on it; runtime/, events/,
// gateway/ and openapi/ never import it (nor any domain).
export { DOMAINS, DOMAIN_NAMES, SERVICE_NAMES, isDomainName, isServiceName, manifestOf, manifestsOf, type DomainName, type RegisteredDomain, type ServiceName } from './registry.js';
export {
  EnvError,
  configOf,
  configureEnv,
  getEnv,
  getEnvOrExit,
  jwksUrl,
  loadEnv,
  platformConfig,
  serviceUrlFromEnv,
  servicePortFromEnv,
  simulatorWebhookUrl,
  type PlatformEnv,
} from './env.js';
export { demoSettings, hostDomains, loadDomains, migrate, schemasOf, seedDemoData, type HostOptions } from './host.js';
export { gatewayRouting, startGateway, startGatewayFromEnv } from './gateway.js';
export { identitySessionStates } from './sessions.js';
export { DOCUMENT_VERSION, loadServiceDocumentSpecs } from './openapi.js';
export { CATALOGUE_FILE, renderCatalogue } from './catalogue.js';
export { K8S_APPS, K8S_DOMAINS_FILE, K8S_IMAGE_REGISTRY, K8S_RELEASE_OVERLAY_FILE, K8S_SERVICE_URLS_FILE, imageNameOf, imageRepositoryOf, renderK8s, serviceImages, type ServiceImage } from './k8s.js';
