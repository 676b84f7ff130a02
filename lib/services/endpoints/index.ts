export {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listEndpoints,
  requireEndpoint,
  toEndpointDto,
  updateEndpoint,
} from './crud';
export { loadEndpointById, loadEndpointWithSecrets } from './secrets';
export { checkEndpoint, describeCertificate, validateEndpoint } from './validate';
export { findEndpointUsages, type EndpointUsage } from './usages';
export type { DockerRegistryConfig, EndpointWithSecrets, KubernetesConfig } from './types';
